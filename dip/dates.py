"""The one way dates and times are written, in pages, notices, messages and PDFs (GOV.UK style).

Long, for sentences and summary lists: "1 December 2026". Short, for dense tables: "1 Dec 2026". Times on the
24-hour clock the forms ask for: "14:30". Aware date-times are shown in Europe/London. Templates use the
filters in dip/templatetags/govuk_dates.py (a builtin: no {% load %}); dip/tests/test_dates_static.py keeps
every template on them.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as django_format

LONG, SHORT = "j F Y", "j M Y"
FORMATS = {"long": LONG, "short": SHORT, "weekday": f"l {LONG}", "weekday_short": f"D {SHORT}", "month": "F Y"}
TIME = "H:i"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value, style: str = "long") -> str:
    """'1 December 2026' (long), '1 Dec 2026' (short), 'Tuesday 1 December 2026' (weekday), 'December 2026' (month)."""
    if value in (None, ""):
        return ""
    return django_format(_local(value), FORMATS[style])


def time(value) -> str:
    """'14:30' (local time of an aware date-time)."""
    if value in (None, ""):
        return ""
    return django_format(_local(value), TIME)


def date_time(value, style: str = "long") -> str:
    """'1 December 2026 14:30', or with the short date for dense tables."""
    if value in (None, ""):
        return ""
    return f"{date(value, style)} {time(value)}"
