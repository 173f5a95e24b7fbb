"""The work-queue sections and the client-page timeline."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from clients import timeline
from dip import roles, work_queue
from dip.models import Team
from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory
from testing import hooks
from testing.tests.factories import ClientFactory, DrugTestFactory, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(area):
    team = TeamFactory(kind=Team.Kind.CUSTODY, area=area)
    suite = CustodySuiteFactory(area=area, team=team)
    worker = UserFactory(role=roles.CUSTODY_WORKER, team=team)
    return suite, worker


def test_sections_are_registered_in_their_orders():
    orders = {provider: order for order, provider in work_queue._PROVIDERS}
    assert orders[hooks.awaiting_laboratory_section] == 40


@time_machine.travel(local(2025, 9, 2, 9, 0), tick=False)
def test_disputed_tests_awaiting_the_laboratory_with_due_dates(setting, area):
    suite, worker = setting
    person = ClientFactory(area=area)
    # Sent Friday 22 August 2025: due Monday 1 September (25 August is a bank holiday): overdue on 2 September.
    late = DrugTestFactory(client=person, custody_suite=suite, positive=True, disputed=True,
                           requested_at=local(2025, 8, 22, 9, 0), sampled_at=local(2025, 8, 22, 9, 5),
                           sent_to_laboratory_at=local(2025, 8, 22, 15, 0))
    unsent = DrugTestFactory(client=person, custody_suite=suite, positive=True, disputed=True,
                             requested_at=local(2025, 9, 2, 1, 0), sampled_at=local(2025, 9, 2, 1, 5))
    DrugTestFactory(client=person, custody_suite=suite, positive=True, disputed=True, confirmation="confirmed",
                    sent_to_laboratory_at=local(2025, 3, 3, 15, 0))
    items = hooks.awaiting_laboratory_section(worker).items
    assert [(i.url, i.due, i.overdue) for i in items] == [
        (reverse("testing:drugtest-confirmation", kwargs={"pk": late.pk}), datetime.date(2025, 9, 1), True),
        (reverse("testing:drugtest-laboratory", kwargs={"pk": unsent.pk}), None, False),
    ]


def test_sections_are_only_for_custody_recorders(area):
    probation = UserFactory(role=roles.PROBATION_OFFICER, team=TeamFactory(kind=Team.Kind.PROBATION, area=area))
    dpo = UserFactory(role=roles.DPO, team=TeamFactory(kind=Team.Kind.PCC, area=area))
    for user in (probation, dpo):
        assert hooks.awaiting_laboratory_section(user) is None


def test_timeline_shows_the_clients_tests(setting, area, django_assert_num_queries):
    suite, worker = setting
    person = ClientFactory(area=area)
    DrugTestFactory(client=person, custody_suite=suite, positive=True, disputed=True)
    DrugTestFactory(client=person, custody_suite=suite, requested_at=local(2025, 4, 1, 10, 0),
                    sampled_at=local(2025, 4, 1, 10, 5))
    DrugTestFactory(custody_suite=suite)  # someone else
    worker.role  # noqa: B018  (the role is read once per request, outside the provider)
    worker.team  # noqa: B018
    with django_assert_num_queries(1):
        entries = list(hooks.timeline_entries(person, worker))
    assert [(e.kind, e.title) for e in entries] == [
        ("Drug test", "On arrest: Negative"),
        ("Drug test", "On arrest: Positive: opiates (disputed, awaiting the laboratory)"),
    ]
    assert hooks.timeline_entries in timeline.PROVIDERS
