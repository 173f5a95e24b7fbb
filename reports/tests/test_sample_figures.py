"""The spec's sample: every generated data file equals the expected one byte for byte (April 2025, as at 1 July 2025).

The whole of ../shared/spec/sample/records.jsonl (every type, drr_* included) is imported through the
interchange importer; the runs are made by the same services the command, the pages and Celery use, a
national run through its per-area parts. Fails, never skips, where the sample is missing.
"""

import datetime

import pytest

from dip.models import Area
from reports import metrics, services, tasks
from reports.periods import Period
from reports.tests.sample import AREAS, expected, import_sample

PERIOD, AS_AT = Period.parse("2025-04"), datetime.date(2025, 7, 1)


@pytest.fixture
def sample_db(db, monkeypatch):
    monkeypatch.setattr("reports.outputs.pdf.render", lambda pack, name: b"%PDF-1.7 test pack")  # CSV compared here
    import_sample()
    return {area.ref: area.pk for area in Area.objects.all()}


def _data_file(area_ref: str, published: bool) -> bytes:
    run = services.report_run_request(user=None, period=PERIOD, area_ref=area_ref, as_at=AS_AT, published=published,
                                      enqueue=False)
    if run.is_national:  # as Celery does it: a part per area (the chord's header), then the assembly
        for area_id in Area.objects.values_list("pk", flat=True):
            tasks.compute_part.run(run.pk, area_id)
        tasks.assemble_run.run([], run.pk)
    else:
        tasks.execute_run.run(run.pk)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return bytes(run.files.get(format="csv").content)


@pytest.mark.parametrize(("area_ref", "published"), [
    *[(ref, False) for ref in [*AREAS, "ALL"]], ("DOR", True), ("ALL", True),
])
def test_the_data_file_equals_the_expected_file_byte_for_byte(sample_db, area_ref, published):
    assert _data_file(area_ref, published) == expected(area_ref, published=published)


def test_all_from_parts_equals_all_computed_directly(sample_db):
    parts = [metrics.compute(PERIOD, [pk], AS_AT) for pk in sample_db.values()]
    assert metrics.national_from_parts(PERIOD, parts, AS_AT) == metrics.compute(PERIOD, None, AS_AT)


def test_a_missing_sample_fails_the_test_rather_than_skipping_it(monkeypatch, tmp_path):
    from reports.tests import sample

    monkeypatch.setattr(sample, "SAMPLE", tmp_path / "no-shared")
    with pytest.raises(AssertionError, match="is missing"):
        sample.expected("DOR")
