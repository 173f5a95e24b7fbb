"""The waiting-time clock (amber from 14 days, red after 21) and discharge reason grouping."""

import datetime

import pytest
import time_machine
from django.template import Context, Template

from referrals.models import DischargeReason, Referral, reason_group, wait_band
from referrals.tests.factories import DischargedReferralFactory, ReferralFactory, StartedReferralFactory

REFERRED = datetime.date(2025, 4, 1)


@pytest.mark.parametrize(
    ("days", "band"),
    [(0, "green"), (13, "green"), (14, "amber"), (15, "amber"), (21, "amber"), (22, "red"), (400, "red"), (None, None)],
)
def test_wait_band_edges(days, band):
    assert wait_band(days) == band


@pytest.mark.parametrize(("start", "days", "band"), [(13, 13, "green"), (14, 14, "amber"), (21, 21, "amber"), (22, 22, "red")])
def test_started_clock_is_referral_to_treatment_start(start, days, band, db):
    referral = StartedReferralFactory(referral_date=REFERRED, treatment_start_date=REFERRED + datetime.timedelta(days=start))
    assert referral.clock_days(today=datetime.date(2030, 1, 1)) == days  # stops at the start
    assert referral.wait_band() == band
    annotated = Referral.objects.with_days_waiting(datetime.date(2030, 1, 1)).get(pk=referral.pk)
    assert annotated.days_waiting == days
    assert Referral.objects.with_wait_days().get(pk=referral.pk).wait_days == days


def test_pending_clock_runs_to_the_local_date(db):
    """23:30 UTC on 21 April is 00:30 on 22 April in London (BST): 21 days have passed, not 20."""
    referral = ReferralFactory(referral_date=REFERRED)
    with time_machine.travel(datetime.datetime(2025, 4, 21, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert referral.clock_days() == 21
        assert referral.wait_band() == "amber"
    with time_machine.travel(datetime.datetime(2025, 4, 22, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert referral.clock_days() == 22
        assert referral.wait_band() == "red"
    with time_machine.travel(datetime.datetime(2025, 4, 14, 22, 59, tzinfo=datetime.UTC), tick=False):
        assert referral.clock_days() == 13  # 23:59 on 14 April local


def test_closed_unstarted_referral_has_no_clock(db):
    referral = ReferralFactory(status="withdrawn")
    assert referral.clock_days(datetime.date(2025, 6, 1)) is None
    assert Referral.objects.with_days_waiting(datetime.date(2025, 6, 1)).get().days_waiting is None


@pytest.mark.parametrize(
    ("days", "css"), [(13, "govuk-tag--green"), (14, "govuk-tag--orange"), (21, "govuk-tag--orange"), (22, "govuk-tag--red")]
)
def test_wait_tag_renders_gov_uk_colours(days, css):
    html = Template("{% load referrals_tags %}{% wait_tag days %}").render(Context({"days": days}))
    assert css in html and f"{days} days" in html


GROUPS = {
    "completed_drug_free": "successful",
    "completed_alcohol_free": "successful",
    "completed_occasional_user": "successful",
    "transferred_not_in_custody": "transferred",
    "transferred_in_custody": "transferred",
    "incomplete_dropped_out": "unplanned",
    "incomplete_withdrawn_by_provider": "unplanned",
    "incomplete_retained_in_custody": "unplanned",
    "incomplete_declined_by_client": "unplanned",
    "incomplete_died": "unplanned",
}


def test_every_spec_discharge_reason_has_its_group():
    assert set(GROUPS) == set(DischargeReason.values)
    for reason, group in GROUPS.items():
        assert reason_group(reason) == group


@pytest.mark.parametrize(("reason", "group"), list(GROUPS.items()))
def test_grouping_is_derived_in_python_and_sql(reason, group, db):
    referral = DischargedReferralFactory(discharge_reason=reason)
    assert referral.is_successful_completion == (group == "successful")
    assert referral.is_transfer == (group == "transferred")
    assert referral.is_unplanned_exit == (group == "unplanned")
    assert Referral.objects.with_reason_group().get().reason_group == group
    counts = Referral.objects.reason_group_counts()
    assert counts == {g: int(g == group) for g in ("successful", "transferred", "unplanned")}
    assert Referral.objects.in_reason_group(group).count() == 1


def test_no_stored_flag_for_outcome():
    names = {f.name for f in Referral._meta.get_fields()}
    assert not names & {"successful", "is_successful", "successful_completion", "transferred", "unplanned"}
