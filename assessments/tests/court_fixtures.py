"""Helpers of court work tests (Restriction on Bail, conditional cautions); the fixtures are in conftest.py."""

import datetime
import zoneinfo

LONDON = zoneinfo.ZoneInfo("Europe/London")
# "Today" for these tests: a British Summer Time day (the local date is the UTC date + 1 from 23:00 UTC).
TODAY = datetime.date(2025, 7, 1)


def at(y, m, d, hh=10, mm=0) -> datetime.datetime:
    """A Europe/London local time as an aware datetime."""
    return datetime.datetime(y, m, d, hh, mm, tzinfo=LONDON)
