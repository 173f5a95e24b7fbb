"""`manage.py bench --scales` (issue 11): pages timed on the synthetic data set, in a database of its own."""

import io
import json

from django.core.management import call_command


def test_bench_times_pages_on_a_seeded_scale(django_db_blocker, tmp_path):
    """`bench --scales` seeds the data set in its own database and times every registered page on it."""
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("bench", "--scales", "test", "--runs", "2", "--warmup", "1", "--json", str(tmp_path / "b.json"),
                     stdout=out)
    results = json.loads((tmp_path / "b.json").read_text())
    assert {r["scale"] for r in results} == {"test"}
    assert {"dip:hello", "search: PNC", "clients:client-detail (10x rows)"} <= {r["page"] for r in results}
    assert all(r["queries"] > 0 and r["median_ms"] > 0 for r in results)
    assert "Query counts" in out.getvalue()
