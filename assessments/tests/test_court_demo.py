"""Demo court work: seeded at any time of day, idempotent, and filling the custody worker's work queue."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from assessments.models.bail import BailRestriction
from dip import work_queue
from dip.models import User

pytestmark = pytest.mark.django_db


def _seed():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)


@pytest.mark.parametrize("london_time", ["00:05", "23:59"])
def test_demo_restrictions_fill_the_work_queue_and_seed_once(london_time):
    hour, minute = map(int, london_time.split(":"))
    with time_machine.travel(datetime.datetime(2026, 7, 1, hour, minute, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
                             tick=False):
        _seed()
        first = dict(BailRestriction.objects.values_list("ref", "compliance"))
        _seed()
        assert dict(BailRestriction.objects.values_list("ref", "compliance")) == first
        assert first == {"DEMO-ROB-OFFER": "", "DEMO-ROB-FTA": "failed_to_attend_assessment", "DEMO-ROB-OK": "compliant"}
        sections = {s.title: s for s in work_queue.sections_for(User.objects.get(username="custody"))}
        assert len(sections["Restriction on Bail offers awaiting the court's decision"].items) == 1
        assert len(sections["Bail conditions broken and not yet reported to court"].items) == 1


@pytest.mark.parametrize("london_time", ["00:05", "23:59"])
def test_demo_cautions_fill_the_work_queue_at_any_time_of_day(london_time):
    from assessments.models.caution import ConditionalCaution

    hour, minute = map(int, london_time.split(":"))
    with time_machine.travel(datetime.datetime(2026, 7, 1, hour, minute, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
                             tick=False):
        _seed()
        _seed()
        assert dict(ConditionalCaution.objects.values_list("ref", "outcome")) == {
            "DEMO-CAU-DUE": "", "DEMO-CAU-MISSED": "", "DEMO-CAU-DONE": "complied"}
        sections = {s.title: s for s in work_queue.sections_for(User.objects.get(username="custody"))}
        due = sections["Caution sessions due today and overdue"].items
        assert [(i.label, i.overdue) for i in due] == [("Dot Demo-Cautioned, caution session 1", False)]
        assert len(sections["Missed caution sessions to report to the police"].items) == 1
