"""The DRR clocks: working days, the 12-month warning window, recurring appointments across the clock
changes, the evidence window and the 16-week testing schedule."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from supervision import clocks, enforcement

D = datetime.date
UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(("failure", "deadline"), [
    (D(2025, 3, 7), D(2025, 3, 21)),  # a Friday: two weekends, no holiday
    (D(2025, 4, 17), D(2025, 5, 6)),  # Maundy Thursday: Good Friday, Easter Monday and Early May bank holiday out
    (D(2025, 12, 22), D(2026, 1, 8)),  # Christmas Day, Boxing Day and New Year's Day out
    (D(2025, 3, 8), D(2025, 3, 21)),  # a Saturday failure: Monday is day 1
])
def test_breach_deadline_is_ten_working_days_after_the_failure(failure, deadline):
    assert clocks.breach_deadline(failure) == deadline


@pytest.mark.parametrize(("failure", "due"), [
    (D(2025, 3, 7), D(2025, 3, 14)),
    (D(2025, 4, 17), D(2025, 4, 28)),  # across Easter
    (D(2025, 12, 23), D(2026, 1, 2)),  # across Christmas: 24, 29, 30, 31 December, 2 January
])
def test_evidence_window_is_five_working_days(failure, due):
    assert clocks.evidence_due(failure) == due


@pytest.mark.parametrize(("issued", "day", "in_force"), [
    (D(2025, 2, 5), D(2025, 2, 5), True),  # the day it is issued
    (D(2025, 2, 5), D(2026, 2, 4), True),  # the last day of the 12 months
    (D(2025, 2, 5), D(2026, 2, 5), False),  # the anniversary: expired
    (D(2024, 2, 29), D(2025, 2, 27), True),
    (D(2024, 2, 29), D(2025, 2, 28), False),  # no 29 February: the month's last day ends it
    (D(2025, 2, 5), D(2025, 2, 4), False),  # a warning issued after the failure does not count for it
])
def test_warning_window_is_twelve_months_half_open(issued, day, in_force):
    assert clocks.warning_in_force(issued, day) is in_force


def test_second_failure_within_twelve_months_of_a_warning_goes_to_breach():
    assert enforcement.action_for(D(2026, 2, 4), [D(2025, 2, 5)]) == enforcement.BREACH
    assert enforcement.action_for(D(2026, 2, 5), [D(2025, 2, 5)]) == enforcement.WARNING
    assert enforcement.action_for(D(2025, 3, 1), []) == enforcement.WARNING


def _appointment(pk, at, recorded=True, outcome="unacceptable_absence"):
    from supervision.models import DrrAppointment

    a = DrrAppointment(pk=pk, scheduled_at=at, outcome=outcome)
    a.outcome_recorded_at = at if recorded else None
    return a


def test_pending_actions_skip_imported_and_answered_failures():
    at = datetime.datetime(2025, 3, 4, 10, tzinfo=UTC)
    imported = _appointment(1, at, recorded=False)
    answered = _appointment(2, at + datetime.timedelta(days=7))
    fresh = _appointment(3, at + datetime.timedelta(days=14))
    attended = _appointment(4, at + datetime.timedelta(days=21), outcome="attended")
    warning = SimpleNamespace(failure_id=2, issued_on=D(2025, 3, 12))
    actions = enforcement.pending_actions([attended, fresh, answered, imported], [warning], [])
    assert [(a.kind, a.failure.pk, a.due) for a in actions] == [("breach", 3, D(2025, 4, 1))]


@pytest.mark.parametrize(("first", "utc_hours"), [
    (datetime.datetime(2025, 3, 18, 10, tzinfo=LONDON), [10, 10, 9, 9]),  # clocks go forward 30 March
    (datetime.datetime(2025, 10, 14, 10, tzinfo=LONDON), [9, 9, 10, 10]),  # clocks go back 26 October
])
def test_weekly_appointments_keep_local_time_across_clock_changes(first, utc_hours):
    moments = clocks.weekly_occurrences(first, 4)
    assert [m.astimezone(LONDON).strftime("%a %H:%M") for m in moments] == ["Tue 10:00"] * 4
    assert [m.astimezone(UTC).hour for m in moments] == utc_hours
    assert [m.astimezone(LONDON).date() - first.date() for m in moments] == [datetime.timedelta(weeks=i) for i in range(4)]


def test_schedule_is_twice_weekly_for_sixteen_weeks_then_as_set():
    assert clocks.tests_required(16, low_band_or_residential=False, later_per_week=1) == 2
    assert clocks.tests_required(17, low_band_or_residential=False, later_per_week=1) == 1
    assert clocks.tests_required(1, low_band_or_residential=True, later_per_week=3) == 1
    assert clocks.tests_required(17, low_band_or_residential=True, later_per_week=3) == 3


def test_order_weeks_flag_short_finished_weeks_at_the_sixteen_week_boundary():
    start = D(2025, 1, 6)
    week16 = start + datetime.timedelta(weeks=15)
    week17 = start + datetime.timedelta(weeks=16)
    taken = [week16, week17]  # one test in week 16 (short of 2), one in week 17 (enough)
    weeks = clocks.order_weeks(start, D(2026, 1, 5), week17 + datetime.timedelta(days=7), taken,
                               low_band_or_residential=False, later_per_week=1)
    assert len(weeks) == 18 and weeks[-1].finished is False  # week 18 has just begun
    assert (weeks[15].number, weeks[15].required, weeks[15].taken, weeks[15].short) == (16, 2, 1, True)
    assert (weeks[16].number, weeks[16].required, weeks[16].taken, weeks[16].short) == (17, 1, 1, False)


def test_period_limits():
    assert clocks.period_too_long(D(2025, 1, 7), D(2028, 1, 8))
    assert not clocks.period_too_long(D(2025, 1, 7), D(2028, 1, 7))
    assert clocks.reviews_required(D(2025, 1, 7), D(2026, 1, 8))
    assert not clocks.reviews_required(D(2025, 1, 7), D(2026, 1, 7))
