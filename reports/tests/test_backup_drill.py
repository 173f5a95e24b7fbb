"""The backup and restore drill on the spec's sample: a restored copy gives the same row counts and the same data
file, and a copy that lost a row is caught (exit 1)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reports import drill
from reports.tests.sample import expected, import_sample


def _exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_a_restored_backup_gives_the_same_data_file(monkeypatch):
    import_sample()
    out = io.StringIO()
    call_command("backup_drill", period="2025-04", area="DOR", as_at="2025-07-01", stdout=out)
    text = out.getvalue()
    assert "Identical: every table's row count, and the DOR data file for" in text, text
    # The file compared is the real one: the sample's expected data file.
    assert drill.hashlib.sha256(expected("DOR")).hexdigest() in text
    assert not _exists(connection.settings_dict["NAME"] + "_drill")  # dropped afterwards

    # A copy that lost a client's drug tests is caught, by its row count and its data file.
    real = drill._snapshot

    def lossy(period, area_ref, as_at, published):
        if connection.settings_dict["NAME"].endswith("_drill"):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM testing_drugtest WHERE id IN (SELECT id FROM testing_drugtest LIMIT 5)")
        return real(period, area_ref, as_at, published)

    monkeypatch.setattr(drill, "_snapshot", lossy)
    with pytest.raises(CommandError, match="The restored copy differs: .*testing_drugtest"):
        call_command("backup_drill", period="2025-04", area="DOR", as_at="2025-07-01", stdout=io.StringIO())
