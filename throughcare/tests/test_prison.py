"""Prison release pick-up: the spec's rules on both sides, the 7-day clock, visibility from planning on,
consent for the plan's recipients, the work queue and the figures' building blocks."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clients.models import Client, Consent
from dip.models import AuditEvent
from dip.work_queue import sections_for
from throughcare.models import PrisonRelease
from throughcare.services.prison import prison_release_create, prison_release_record
from throughcare.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = datetime.date


def _release(client, area, **fields) -> PrisonRelease:
    values = {"prison": "HMP Test", "reception_date": D(2025, 1, 6), "status": "sentenced", **fields}
    return PrisonRelease.objects.create(client=client, area=area, **values)


@pytest.mark.parametrize(("fields", "errors"), [
    ({"release_date": D(2025, 6, 1), "release_type": "licence", "first_contact_date": D(2025, 6, 1)}, {}),
    ({"release_date": D(2025, 6, 1), "release_type": "licence", "first_contact_date": D(2025, 5, 31)},
     {"first_contact_date": ["must not be before release_date"]}),
    ({"release_date": D(2025, 6, 1), "release_type": "licence", "release_plan_date": D(2025, 6, 1)}, {}),
    ({"release_date": D(2025, 6, 1), "release_type": "licence", "release_plan_date": D(2025, 6, 2)},
     {"release_plan_date": ["must not be after release_date"]}),
    ({"release_date": D(2025, 6, 1)}, {"release_type": ["required with release_date"]}),
    ({"release_type": "court"}, {"release_type": ["only allowed with release_date"]}),
    ({"first_treatment_date": D(2025, 6, 1)}, {"first_treatment_date": ["only allowed with release_date"]}),
    ({"alerted_on": D(2025, 1, 5)}, {"alerted_on": ["must not be before reception_date"]}),
    ({"alerted_on": D(2025, 1, 6)}, {}),
])
def test_rules_of_the_spec_on_both_sides_of_each_boundary(fields, errors):
    release = PrisonRelease(prison="HMP Test", reception_date=D(2025, 1, 6), status="sentenced", **fields)
    assert release.rule_errors() == errors


def test_the_import_reports_the_same_rules_at_their_line(area):
    import io
    import json

    from dip.interchange.importer import import_stream

    lines = [
        {"type": "area", "ref": "DOR", "name": "Dorset"},
        {"type": "client", "ref": "C-1", "given_name": "Ann", "family_name": "Able", "date_of_birth": "1980-01-02",
         "sex": "F", "area": "DOR"},
        {"type": "prison_release", "ref": "P-1", "client": "C-1", "area": "DOR", "prison": "HMP X",
         "reception_date": "2025-01-06", "status": "remand", "release_date": "2025-06-01", "release_type": "court",
         "first_contact_date": "2025-05-31"},
    ]
    result = import_stream(io.BytesIO("".join(json.dumps(x) + "\n" for x in lines).encode()))
    assert [str(p) for p in result.problems] == [
        "line 3: prison_release P-1: first_contact_date: must not be before release_date"
    ]


@pytest.mark.parametrize(("released", "days", "overdue"), [(D(2025, 6, 24), 7, False), (D(2025, 6, 23), 8, True)])
def test_the_pick_up_clock_runs_from_the_release_date(org, client_of, frozen, released, days, overdue):
    release = _release(client_of(), org.area, release_date=released, release_type="licence")
    assert release.days_since_release() == days
    assert release.pick_up_overdue() is overdue
    queue = {s.title: s for s in sections_for(org.cjit)}["Released and not yet contacted"]
    assert [(i.overdue, i.hint.split(" since")[0]) for i in queue.items] == [(overdue, f"{days} days")]
    # First contact on the last day of the clock counts as picked up in time; a day later does not.
    release.first_contact_date = released + datetime.timedelta(days=7 if not overdue else 8)
    release.save()
    assert release.picked_up_in_time() is (not overdue)
    assert PrisonRelease.objects.picked_up_within_7_days().filter(pk=release.pk).exists() is (not overdue)
    assert not {s.title: s for s in sections_for(org.cjit)}["Released and not yet contacted"].items


def test_the_clock_counts_local_days_late_in_a_summer_evening(org, client_of):
    release = _release(client_of(), org.area, release_date=D(2025, 6, 24), release_type="licence")
    with time_machine.travel(datetime.datetime(2025, 7, 1, 22, 59, tzinfo=datetime.UTC), tick=False):
        assert (release.days_since_release(), release.pick_up_overdue()) == (7, False)
    with time_machine.travel(datetime.datetime(2025, 7, 1, 23, 0, tzinfo=datetime.UTC), tick=False):  # 2 July 00:00 BST
        assert (release.days_since_release(), release.pick_up_overdue()) == (8, True)


def test_the_community_team_sees_a_prisoner_from_release_planning_on_and_only_in_its_area(org, frozen):
    from throughcare.services.prison import relate_release_area

    person = Client.objects.create(given_name="Pat", family_name="Prison", date_of_birth=D(1980, 1, 1), sex="M",
                                   area=org.elsewhere)
    expected = TODAY + datetime.timedelta(days=43)  # planning starts tomorrow
    release = _release(person, org.area, expected_release_date=expected)
    relate_release_area(release)
    assert not Client.objects.visible_to(org.cjit).filter(pk=person.pk).exists()
    release.expected_release_date = expected - datetime.timedelta(days=1)  # planning starts today
    release.save()
    relate_release_area(release)
    assert Client.objects.visible_to(org.cjit).filter(pk=person.pk).exists()
    assert not Client.objects.visible_to(org.other_cjit).filter(pk=person.pk).exists()
    assert not Client.objects.visible_to(org.custody).filter(pk=person.pk).exists()  # custody: tested or living here


def test_the_plan_goes_only_to_recipients_the_client_consented_to(org, client_of, frozen):
    person = client_of()
    release = prison_release_create(user=org.cjit, client=person, prison="HMP Leeds", reception_date=D(2025, 1, 6),
                                    status="sentenced", expected_release_date=D(2025, 7, 20))
    plan = {"release_plan_date": TODAY, "plan_summary": "Overdose risk discussed", "plan_shared_with_probation": True,
            "plan_shared_with_treatment": False}
    with pytest.raises(ValidationError) as refused:
        prison_release_record(user=org.cjit, release=release, step="plan", **plan)
    assert list(refused.value.error_dict) == ["plan_shared_with_probation"]
    Consent.objects.create(client=person, scope="share_with_probation", decision="given", decided_on=D(2025, 5, 1))
    Consent.objects.create(client=person, scope="share_with_probation", decision="withdrawn", decided_on=D(2025, 6, 1))
    with pytest.raises(ValidationError):  # the latest decision is the one in force
        prison_release_record(user=org.cjit, release=release, step="plan", **plan)
    Consent.objects.create(client=person, scope="share_with_probation", decision="given", decided_on=D(2025, 6, 30))
    saved = prison_release_record(user=org.cjit, release=release, step="plan", **plan)
    assert saved.plan_shared_with_probation and saved.release_plan_date == TODAY
    assert AuditEvent.objects.filter(object_type="throughcare.prisonrelease", action="update").count() == 1


def test_work_queue_lists_releases_in_the_next_six_weeks_without_a_plan(org, client_of, frozen):
    inside = _release(client_of(), org.area, expected_release_date=TODAY + datetime.timedelta(days=42))
    _release(client_of(), org.area, expected_release_date=TODAY + datetime.timedelta(days=43))
    _release(client_of(), org.area, expected_release_date=TODAY + datetime.timedelta(days=10), release_plan_date=TODAY)
    section = {s.title: s for s in sections_for(org.cjit)}["Releases in the next 6 weeks without a plan"]
    assert [i.url.split("/")[-3] for i in section.items] == [str(inside.pk)]
    assert not section.items[0].overdue
    assert all(s.title != section.title for s in sections_for(org.worker))  # only community teams


def test_figures_building_blocks_one_query_each(org, client_of, django_assert_num_queries):
    for released, contact, treatment in [
        (D(2025, 4, 1), D(2025, 4, 8), D(2025, 4, 11)),   # 7 days: in time; 10 days to treatment
        (D(2025, 4, 30), D(2025, 5, 8), D(2025, 5, 2)),   # 8 days: late; 2 days to treatment
        (D(2025, 5, 1), None, D(2025, 5, 7)),             # next period; 6 days
    ]:
        _release(client_of(), org.area, release_date=released, release_type="licence", first_contact_date=contact,
                 first_treatment_date=treatment)
    april = PrisonRelease.objects.released_in(D(2025, 4, 1), D(2025, 5, 1))
    with django_assert_num_queries(1):
        assert april.count() == 2
    with django_assert_num_queries(1):
        assert april.picked_up_within_7_days().count() == 1
    with django_assert_num_queries(1):
        assert april.median_days_to_treatment() == 6.0  # median of 10 and 2
    with django_assert_num_queries(1):
        assert PrisonRelease.objects.median_days_to_treatment() == 6.0  # of 10, 2, 6
