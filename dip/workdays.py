"""Working days in England and Wales: Monday to Friday, less bank holidays (the `holidays` package).

England and Wales share one list of bank holidays; Wales is checked too so that a divergence shows.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    days = set()
    for subdiv in ("ENG", "WLS"):
        days |= set(holidays.country_holidays("GB", subdiv=subdiv, years=year))
    return frozenset(days)


def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales bank holidays of a year (reports pass them to SQL to count working days)."""
    return _bank_holidays(year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted); days >= 0."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in the half-open period (start, end]: 0 when end <= start."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
