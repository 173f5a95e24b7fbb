"""The DRR clocks and schedules as pure functions of dates (reference/domain.md §3.8, rules 11-15).

Nothing here touches the database: the models, services, pages, work queue and import all call
these, so each rule is written once.
"""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dip import workdays

LONDON = ZoneInfo("Europe/London")
MAX_PERIOD_YEARS = 3
REVIEWS_REQUIRED_OVER_MONTHS = 12
WARNING_VALID_MONTHS = 12  # a further failure within 12 months of a warning goes to breach (Sch 10 para 5)
BREACH_WORKING_DAYS = 10  # enforcement started within 10 working days of the failure (National Standards)
EVIDENCE_WORKING_DAYS = 5  # an absence awaiting evidence: the officer decides after 5 working days
PHASE_ONE_WEEKS = 16  # at least twice a week for the first 16 weeks (SS8.12 as corrected by PC80/2005)


def local_date(moment: datetime.datetime) -> datetime.date:
    """The Europe/London calendar date of an aware datetime."""
    return moment.astimezone(LONDON).date()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (29 Feb + 12 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_too_long(start: datetime.date, end: datetime.date) -> bool:
    return end > add_months(start, 12 * MAX_PERIOD_YEARS)


def reviews_required(start: datetime.date, end: datetime.date) -> bool:
    """Review hearings are required when the treatment and testing period is over 12 months."""
    return end > add_months(start, REVIEWS_REQUIRED_OVER_MONTHS)


def warning_in_force(issued_on: datetime.date, day: datetime.date) -> bool:
    """A warning counts for a failure on `day` in the half-open period [issued_on, issued_on + 12 months)."""
    return issued_on <= day < add_months(issued_on, WARNING_VALID_MONTHS)


def breach_deadline(failure_day: datetime.date) -> datetime.date:
    """Last day to start breach action: 10 working days after the failure (the failure day is day 0)."""
    return workdays.add_working_days(failure_day, BREACH_WORKING_DAYS)


def evidence_due(failure_day: datetime.date) -> datetime.date:
    """Last day for evidence of an absence: 5 working days after the appointment."""
    return workdays.add_working_days(failure_day, EVIDENCE_WORKING_DAYS)


def weekly_occurrences(first: datetime.datetime, weeks: int) -> list[datetime.datetime]:
    """`first` and the same local wall-clock time on the same weekday for `weeks` weeks in all.

    Stepping in local time keeps "Tuesdays at 10:00" at 10:00 across the clock changes; the UTC
    instants move by an hour instead.
    """
    local = first.astimezone(LONDON)
    wall = local.replace(tzinfo=None)
    return [(wall + datetime.timedelta(weeks=i)).replace(tzinfo=LONDON) for i in range(weeks)]


@dataclass(frozen=True)
class OrderWeek:
    number: int  # 1-based
    start: datetime.date  # half-open [start, end)
    end: datetime.date
    required: int
    taken: int
    finished: bool

    @property
    def short(self) -> bool:
        """A finished week with fewer tests taken than the schedule required."""
        return self.finished and self.taken < self.required


def tests_required(week: int, *, low_band_or_residential: bool, later_per_week: int) -> int:
    """Tests the schedule requires in order week `week` (1-based)."""
    if week <= PHASE_ONE_WEEKS:
        return 1 if low_band_or_residential else 2
    return later_per_week


def order_weeks(
    start: datetime.date, end: datetime.date, today: datetime.date, taken_days: list[datetime.date], *,
    low_band_or_residential: bool, later_per_week: int,
) -> list[OrderWeek]:
    """Each order week from `start` up to today (or the period's end), with tests required and taken."""
    last = min(today, end)
    weeks = []
    number, week_start = 1, start
    while week_start <= last:
        week_end = week_start + datetime.timedelta(days=7)
        taken = sum(1 for day in taken_days if week_start <= day < week_end)
        required = tests_required(number, low_band_or_residential=low_band_or_residential, later_per_week=later_per_week)
        weeks.append(OrderWeek(number, week_start, week_end, required, taken, finished=week_end <= today))
        number, week_start = number + 1, week_end
    return weeks
