"""The sample's expected figures for April 2025 as at 1 July 2025, from the metric functions and the data-file writer.

Until DRR supervision's models land, the sample's drr_* lines cannot be imported, so this compares every
row except P1-P12 (the byte-for-byte comparison of whole files joins with the DRR metrics).
"""

import datetime

import pytest

from dip.models import Area
from reports import figures, metrics
from reports.periods import Period
from reports.tests.sample import AREAS, expected, import_sample

PERIOD, AS_AT = Period.parse("2025-04"), datetime.date(2025, 7, 1)
DRR_TYPES = ("drr_order", "drr_appointment", "drr_test", "drr_warning", "drr_breach")


def _without_drr(content: bytes) -> list[str]:
    return [line for line in content.decode().splitlines() if not line.split(",")[1].startswith("P")]


@pytest.fixture
def sample_db(db):
    import_sample(skip_types=DRR_TYPES)
    return {area.ref: area.pk for area in Area.objects.all()}


def test_every_area_and_the_national_roll_up_match_the_expected_files(sample_db):
    parts = {}
    for ref in AREAS:
        parts[ref] = metrics.compute(PERIOD, [sample_db[ref]], AS_AT)
        got = figures.data_file(ref, parts[ref], published=False).decode().splitlines()
        assert got == _without_drr(expected(ref)), ref
    national = metrics.national_from_parts(PERIOD, list(parts.values()), AS_AT)
    assert figures.data_file("ALL", national, published=False).decode().splitlines() == _without_drr(expected("ALL"))
    assert figures.data_file("ALL", national, published=True).decode().splitlines() == _without_drr(
        expected("ALL", published=True)
    )
    dorset = figures.data_file("DOR", parts["DOR"], published=True).decode().splitlines()
    assert dorset == _without_drr(expected("DOR", published=True))


def test_all_from_parts_equals_all_computed_directly(sample_db):
    parts = [metrics.compute(PERIOD, [pk], AS_AT) for pk in sample_db.values()]
    assert metrics.national_from_parts(PERIOD, parts, AS_AT) == metrics.compute(PERIOD, None, AS_AT)
