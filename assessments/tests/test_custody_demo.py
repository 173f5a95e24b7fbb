import datetime

import pytest
from django.core.management import call_command

from assessments.models.required import PoliceNotification, RAStatus, RequiredAssessment
from clients.models import Client
from dip import work_queue
from dip.models import Area, User

pytestmark = pytest.mark.django_db


def seed():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


@pytest.mark.parametrize("london_time", ["09:00", "22:30", "23:59", "00:05"])
def test_demo_required_assessments_are_idempotent_and_fill_the_work_queue(london_time):
    """Whatever the time of day the demo is seeded, one appointment is due today and one is overdue."""
    import zoneinfo

    import time_machine

    hour, minute = map(int, london_time.split(":"))
    moment = datetime.datetime(2026, 12, 1, hour, minute, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        _seed_and_check()


def _seed_and_check():
    seed()
    dorset = Area.objects.get(ref="DOR")
    for i in range(12):
        Client.objects.create(given_name="Demo", family_name=f"Adult{i}", date_of_birth=datetime.date(1980, 1, 1 + i),
                              sex="M", area=dorset)
    seed()
    first = dict(RequiredAssessment.objects.values_list("ref", "status"))
    seed()
    assert dict(RequiredAssessment.objects.values_list("ref", "status")) == first
    assert sorted(first.values()) == sorted([RAStatus.IMPOSED, RAStatus.IMPOSED, RAStatus.INITIAL_FTA,
                                             RAStatus.FOLLOW_UP_REQUIRED, RAStatus.COMPLETED])
    assert PoliceNotification.objects.filter(sent_at__isnull=True).count() == 1
    sections = {s.title: s for s in work_queue.sections_for(User.objects.get(username="custody"))}
    due = sections["Required assessments due today and overdue"].items
    assert len(due) == 2 and sum(item.overdue for item in due) == 1
    assert len(sections["Failures to notify to the police"].items) == 1
