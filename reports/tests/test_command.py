"""`manage.py generate_report`: the same service as the pages and Celery; exit 1 with a clear message on bad input."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.models import ReportRun
from reports.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def dorset(areas, frozen, monkeypatch):
    monkeypatch.setattr("reports.outputs.pdf.render", lambda pack, name: b"%PDF-1.7 test pack")
    f.drug_test(f.client(areas[0]), f.suite(areas[0]), f.local(2025, 4, 3, 10))
    return areas[0]


def test_it_writes_the_files_into_the_folder(dorset, tmp_path, capsys):
    call_command("generate_report", "--period", "2025-04", "--area", "DOR", "--as-at", "2025-07-01", "--output",
                 str(tmp_path / "out"))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["report-2025-04-DOR.csv", "report-2025-04-DOR.pdf", "report-2025-04-DOR.xlsx"]
    assert (tmp_path / "out" / "report-2025-04-DOR.csv").read_text().splitlines()[1] == "DOR,T1,,,1,,"
    run = ReportRun.objects.get()
    assert (run.status, run.published, run.as_at, run.requested_by) == ("done", False, datetime.date(2025, 7, 1), None)
    assert "sha256" in capsys.readouterr().out


def test_published_and_national(dorset, tmp_path):
    call_command("generate_report", "--period", "2025-04", "--area", "ALL", "--published", "--output", str(tmp_path))
    assert (tmp_path / "report-2025-04-ALL-published.csv").read_text().splitlines()[1] == "ALL,T1,,,*,,"
    assert ReportRun.objects.get().as_at == datetime.date(2025, 7, 1)  # default: today


def test_running_it_again_writes_the_same_run_and_regenerate_makes_a_version(dorset, tmp_path):
    for _ in range(2):
        call_command("generate_report", "--period", "2025-04", "--area", "DOR", "--output", str(tmp_path))
    call_command("generate_report", "--period", "2025-04", "--area", "DOR", "--regenerate", "--output", str(tmp_path))
    assert sorted(ReportRun.objects.values_list("version", flat=True)) == [1, 2]
    assert (tmp_path / "report-2025-04-DOR-v2.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2025-13", "--area", "DOR"], "--period: '2025-13' is not a month: use YYYY-MM"),
        (["--period", "April", "--area", "DOR"], "--period: 'April' is not a month"),
        (["--period", "2025-04", "--area", "XXX"], "--area: There is no area 'XXX'"),
        (["--period", "2025-04", "--area", "DOR", "--as-at", "2025-02-30"], "--as-at: '2025-02-30' is not a date"),
        (["--period", "2025-04", "--area", "DOR", "--as-at", "2025-07-02"], "--as-at: The as-at date must be today"),
        (["--period", "2025-09", "--area", "DOR"], "--period: The period must have started"),
    ],
)
def test_bad_input_exits_1_with_a_clear_message(dorset, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("generate_report", *args, "--output", str(tmp_path))
    assert error.value.returncode == 1
    assert message in str(error.value)
    assert not ReportRun.objects.exists()
