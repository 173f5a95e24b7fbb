"""The work-queue section of today's positive tests awaiting a required-assessment decision (moved from testing)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments import hooks
from dip import roles, work_queue
from dip.models import Team
from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory
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
    assert orders[hooks.awaiting_decision_section] == 10
    assert orders[hooks.due_assessments] == 20
    assert orders[hooks.failures_to_notify] == 30
    assert orders[hooks.drafts_section] == 50


@time_machine.travel(local(2025, 6, 15, 12, 0), tick=False)
def test_todays_positive_adults_await_a_decision(setting, area):
    suite, worker = setting
    adult = DrugTestFactory(client=ClientFactory(area=area, given_name="Ada"), custody_suite=suite, positive=True,
                            requested_at=local(2025, 6, 15, 0, 30), sampled_at=local(2025, 6, 15, 0, 40))
    # Not listed: negative; decided; yesterday; another team's suite; a 15-year-old tested on charge.
    DrugTestFactory(client=adult.client, custody_suite=suite, requested_at=local(2025, 6, 15, 9, 0),
                    sampled_at=local(2025, 6, 15, 9, 5))
    DrugTestFactory(client=adult.client, custody_suite=suite, positive=True, assessment_decision="imposed",
                    requested_at=local(2025, 6, 15, 9, 0), sampled_at=local(2025, 6, 15, 9, 5))
    DrugTestFactory(client=adult.client, custody_suite=suite, positive=True,
                    requested_at=local(2025, 6, 14, 23, 50), sampled_at=local(2025, 6, 14, 23, 55))
    DrugTestFactory(client=adult.client, custody_suite=CustodySuiteFactory(area=area), positive=True,
                    requested_at=local(2025, 6, 15, 9, 0), sampled_at=local(2025, 6, 15, 9, 5))
    DrugTestFactory(client=ClientFactory(area=area, date_of_birth=datetime.date(2010, 1, 1)), custody_suite=suite,
                    positive=True, stage="charge", appropriate_adult_present=True,
                    requested_at=local(2025, 6, 15, 9, 0), sampled_at=local(2025, 6, 15, 9, 5))
    section = hooks.awaiting_decision_section(worker)
    assert [(item.label, item.url) for item in section.items] == [
        (f"{adult.client}, tested 00:30", reverse("assessments:ra-impose", kwargs={"test_pk": adult.pk}))
    ]


def test_the_decision_section_is_only_for_custody_recorders(area):
    probation = UserFactory(role=roles.PROBATION_OFFICER, team=TeamFactory(kind=Team.Kind.PROBATION, area=area))
    dpo = UserFactory(role=roles.DPO, team=TeamFactory(kind=Team.Kind.PCC, area=area))
    for user in (probation, dpo):
        assert hooks.awaiting_decision_section(user) is None
