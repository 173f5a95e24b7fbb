"""Every metric function runs the same number of queries with little and with more data (nothing counted in Python)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dip.tests.factories import AreaFactory
from reports import metrics
from reports.periods import Period
from reports.tests import factories as f

pytestmark = pytest.mark.django_db
APRIL, AS_AT = Period.parse("2025-04"), datetime.date(2025, 7, 1)


def _add_data(area, n: int) -> None:
    suite, service = f.suite(area), f.provider(area)
    for i in range(n):
        person = f.client(area, born=datetime.date(1980 + i, 1 + i % 12, 1), sex="MFU"[i % 3], ethnicity="ADHMRZ"[i % 6])
        test = f.drug_test(person, suite, f.local(2025, 4, 1 + i % 28, 10), opiates="positive", cocaine="negative")
        f.drug_test(person, suite, f.local(2025, 4, 2 + i % 27, 10), outcome="refused")
        f.required_assessment(test, f.local(2025, 4, 1 + i % 28, 11), initial=(f.local(2025, 4, 20, 10), "attended"),
                              follow_up=(f.local(2025, 4, 27, 10), ["attended", ""][i % 2]), outcome="cjit_caseload")
        f.referral(person, service, datetime.date(2025, 4, 1 + i % 28), start=datetime.date(2025, 4, 29),
                   discharge=datetime.date(2025, 4, 30), reason=["completed_drug_free", "incomplete_dropped_out"][i % 2])
        order = f.drr_order(person, area, start=datetime.date(2025, 4, 1 + i % 28), terminated=datetime.date(2025, 4, 30),
                            reason=["completed", "transferred"][i % 2])
        failure = f.drr_appointment(order, f.local(2025, 4, 1 + i % 20, 10), "unacceptable_absence")
        f.drr_appointment(order, f.local(2025, 4, 2 + i % 20, 10), "attended")
        f.drr_warning(order, failure, datetime.date(2025, 4, 25))
        f.drr_breach(order, failure, datetime.date(2025, 4, 28))
        f.drr_test(order, f.local(2025, 4, 3 + i % 20, 10), result=["positive", "negative"][i % 2])


def _queries(function, areas) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(APRIL, areas, AS_AT)
    return len(captured)


@pytest.mark.parametrize("function", metrics.FUNCTIONS, ids=lambda fn: fn.__name__)
def test_query_count_does_not_grow_with_the_data(function):
    area, other = AreaFactory(ref="DOR"), AreaFactory(ref="WYK")
    _add_data(area, 1)
    small = (_queries(function, [area.pk]), _queries(function, None))
    _add_data(area, 8)
    _add_data(other, 8)
    large = (_queries(function, [area.pk]), _queries(function, None))
    assert small == large
    assert max(large) <= 3
    # ...and the data really grew: the function sees it.
    cells = function(APRIL, None, AS_AT)
    assert any((v or n or d) for v, n, d in cells.values())


@pytest.mark.parametrize("function", metrics.FUNCTIONS, ids=lambda fn: fn.__name__)
def test_each_function_gives_exactly_the_metrics_it_declares(function):
    AreaFactory(ref="DOR")
    produced = {key.split("|")[0] for key in function(APRIL, None, AS_AT)}
    assert produced == set(metrics.PRODUCES[function.__name__])


def test_every_metric_of_the_definitions_has_exactly_one_function():
    from reports.definitions import METRICS

    covered = [m for ids in metrics.PRODUCES.values() for m in ids]
    assert sorted(covered) == sorted(m.id for m in METRICS)
