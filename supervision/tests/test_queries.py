"""Constant query counts: the caseload, the order page, the day sheet and the work queue cost the same at two data sizes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision.models import DrrBreach, DrrReview, DrrTest, DrrWarning
from supervision.tests.factories import AppointmentFactory


def _fill(probation, orders: int, per_order: int):
    now = timezone.now()
    made = []
    for _ in range(orders):
        order = probation.order()
        for i in range(per_order):
            failure = AppointmentFactory(drr_order=order, scheduled_at=now - datetime.timedelta(days=3 + i),
                                         outcome="unacceptable_absence", outcome_recorded_at=now)
            AppointmentFactory(drr_order=order, scheduled_at=now + datetime.timedelta(days=1 + i))
            AppointmentFactory(drr_order=order, scheduled_at=now - datetime.timedelta(hours=1 + i))
            DrrTest.objects.create(drr_order=order, taken_at=now - datetime.timedelta(days=i), outcome="taken",
                                   result="negative")
            if i == 0:
                DrrWarning.objects.create(drr_order=order, failure=failure, issued_on=failure.scheduled_day)
            elif i == 1:
                DrrBreach.objects.create(drr_order=order, failure=failure, initiated_on=failure.scheduled_day)
        DrrReview.objects.create(drr_order=order, hearing_date=timezone.localdate() + datetime.timedelta(days=3), court="C")
        made.append(order)
    return made


def _count(web, url) -> int:
    web.get(url)  # the first request after signing in also saves the session
    with CaptureQueriesContext(connection) as queries:
        response = web.get(url)
    assert response.status_code == 200
    return len(queries)


def test_caseload_work_queue_order_page_and_day_sheet_cost_the_same_at_two_sizes(probation, signed_in):
    web = signed_in(probation.officer)
    small = _fill(probation, 2, 3)  # per order: a warned, a breached and an open failure
    urls = lambda orders: {  # noqa: E731
        "caseload": reverse("supervision:caseload") + "?sort=name",
        "home": reverse("dip:home"),
        "order": orders[0].get_absolute_url(),
        "day": reverse("supervision:day-sheet"),
    }
    before = {name: _count(web, url) for name, url in urls(small).items()}
    large = _fill(probation, 8, 6)
    after = {name: _count(web, url) for name, url in urls(large).items()}
    assert after == before
    page = web.get(reverse("supervision:caseload")).content.decode()
    assert page.count('class="govuk-table__row"') == 1 + 10  # header + every order


def test_the_caseload_is_one_query_for_its_rows(probation, django_assert_num_queries):
    from supervision import access, selectors

    _fill(probation, 5, 3)
    orders = access.orders_for(probation.officer)
    probation.officer.role  # noqa: B018  (the role is read once per request, before the rows)
    probation.officer.team  # noqa: B018
    with django_assert_num_queries(1):
        rows = selectors.caseload(orders)
    assert len(rows) == 5 and all(r.action for r in rows)
