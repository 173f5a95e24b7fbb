"""The police notification of a failure to attend and the police's decision on it are on the client's timeline."""

import datetime

import pytest
import time_machine

from assessments.models.required import PoliceNotification
from assessments.services import required as services
from assessments.tests.custody_factories import at, failed_initial
from clients import timeline
from clients.models import Client
from dip import roles
from dip.tests.factories import CustodySuiteFactory


@pytest.fixture
def worker(make_user):
    return make_user(roles.CUSTODY_WORKER)


@pytest.fixture
def suite(worker):
    return CustodySuiteFactory(area=worker.team.area, team=worker.team, name="Bournemouth")


def _person(area, n):
    return Client.objects.create(given_name=f"Jo{n}", family_name="Example", date_of_birth="1988-02-29", sex="M", area=area)


def _notified(person, suite, worker, decision="charged"):
    ra = failed_initial(person, suite, worker)
    notification = PoliceNotification.objects.get(appointment__required_assessment=ra)
    services.police_notification_record_sent(user=worker, notification=notification, sent_at=at(2025, 3, 4, 15),
                                             sent_to="PS 9 Jones, Poole")
    with time_machine.travel(at(2025, 3, 10, 9, 30), tick=False):
        services.police_notification_record_prosecution(user=worker, notification=notification, prosecution=decision)
    return notification


@pytest.mark.parametrize("decision", ["charged", "nfa"])
def test_notification_and_decision_are_on_the_timeline(area, suite, worker, decision):
    person = _person(area, 0)
    _notified(person, suite, worker, decision)
    entries = {e.title: e for e in timeline.entries_for(person, worker) if e.kind == "Police notification"}
    sent = entries["Police notified: initial assessment failed to attend"]
    assert sent.at == at(2025, 3, 4, 15) and sent.detail == "Told PS 9 Jones, Poole"
    label = PoliceNotification.Prosecution(decision).label.lower()
    assert entries[f"Police decision: {label}"].at == at(2025, 3, 10, 9, 30)


def test_an_unsent_notification_is_not_on_the_timeline(area, suite, worker):
    person = _person(area, 0)
    failed_initial(person, suite, worker)
    assert not [e for e in timeline.entries_for(person, worker) if e.kind == "Police notification"]


def test_the_required_assessment_entries_use_constant_queries(area, suite, worker, django_assert_num_queries):
    from assessments.hooks import custody_timeline

    person = _person(area, 0)
    _notified(person, suite, worker)
    custody_timeline(person, worker)  # warm: the user's team is read once, not per entry
    with django_assert_num_queries(2):
        one = custody_timeline(person, worker)
    _notified(person, suite, worker)
    _notified(person, suite, worker)
    with django_assert_num_queries(2):
        three = custody_timeline(person, worker)
    assert len(three) == 3 * len(one) > 0


def test_sent_a_few_minutes_ahead_names_the_time(area, suite, worker):
    from django.core.exceptions import ValidationError

    person = _person(area, 0)
    ra = failed_initial(person, suite, worker)
    notification = PoliceNotification.objects.get(appointment__required_assessment=ra)
    with time_machine.travel(at(2025, 3, 4, 14, 31), tick=False), pytest.raises(ValidationError) as excinfo:
        services.police_notification_record_sent(user=worker, notification=notification,
                                                 sent_at=at(2025, 3, 4, 14, 35), sent_to="PS 9 Jones")
    message = excinfo.value.message_dict["sent_at"][0]
    assert "4 March 2025 14:35" in message and "14:31" in message
    assert datetime.date(2025, 3, 4)  # far from midnight whatever the zone: the test holds at any hour
