"""GOV.UK-style split date and date-time form fields that never raise on impossible input.

`SplitDateField`: day, month, year (the GOV.UK date input). `SplitDateTimeField`: the same plus a
24-hour time, read as Europe/London local time and returned aware. Impossible or out-of-range
values (31 February, year 99999, a 5,000-digit number) give a field error, never an exception:
ValueError and OverflowError are both caught. Errors are attached to the whole field; the project's
error summary links them to the first input (templates/gds/layout/error_summary.html).

    requested_at = SplitDateTimeField(label="Time the sample was requested")
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

MIN_YEAR, MAX_YEAR = 1900, 2100
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.]?\s*(\d{2})\s*(am|pm)?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")

_PART = "govuk-input govuk-date-input__input"


def _part(label: str, width: int, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": f"{_PART} govuk-input--width-{width}", "label": label,
                                  "inputmode": "numeric", **attrs})


class SplitDateWidget(forms.MultiWidget):
    template_name = "dip/widgets/split_date.html"

    def __init__(self, attrs=None):
        super().__init__([_part("Day", 2), _part("Month", 2), _part("Year", 4)], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class SplitDateTimeWidget(forms.MultiWidget):
    template_name = "dip/widgets/split_date.html"

    def __init__(self, attrs=None):
        widgets = [_part("Day", 2), _part("Month", 2), _part("Year", 4), _part("Time", 4, inputmode="text")]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.day, local.month, local.year, local.strftime("%H:%M")]
        return [None, None, None, None]


class SplitDateField(forms.MultiValueField):
    widget = SplitDateWidget
    parts = ("day", "month", "year")
    default_error_messages = {"required": "Enter the date", "incomplete": "Enter the date"}

    def __init__(self, **kwargs):
        fields = tuple(forms.CharField(required=False) for _ in self.parts)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except (ValueError, OverflowError, TypeError):  # anything the parts could not express
            raise ValidationError(self._message("real"), code="invalid") from None

    def _message(self, kind: str, part: str = "") -> str:
        label = str(self.label or "The date")
        return {
            "missing": f"{label} must include a {part}",
            "real": f"{label} must be a real date",
            "year": f"{label} must have a year between {MIN_YEAR} and {MAX_YEAR}",
            "time": f"{label} must include a time in 24-hour format, like 14:30",
        }[kind]

    def _date(self, day, month, year) -> datetime.date:
        for name, value in zip(("day", "month", "year"), (day, month, year), strict=True):
            if not value or not str(value).strip():
                raise ValidationError(self._message("missing", name), code="incomplete")
            if not _NUMBER.match(str(value)):
                raise ValidationError(self._message("real"), code="invalid")
        if not MIN_YEAR <= int(year) <= MAX_YEAR:
            raise ValidationError(self._message("year"), code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self._message("real"), code="invalid") from None

    def compress(self, data_list):
        if not data_list or not any(str(v).strip() for v in data_list if v is not None):
            return None
        return self._date(*data_list[:3])


class SplitDateTimeField(SplitDateField):
    """Day, month, year and a time; returns an aware datetime in Europe/London."""

    widget = SplitDateTimeWidget
    parts = ("day", "month", "year", "time")
    default_error_messages = {"required": "Enter the date and time", "incomplete": "Enter the date and time"}

    def compress(self, data_list):
        if not data_list or not any(str(v).strip() for v in data_list if v is not None):
            return None
        day = self._date(*data_list[:3])
        match = _TIME.match(str(data_list[3] or ""))
        if not match:
            raise ValidationError(self._message("time"), code="invalid")
        hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(self._message("time"), code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(self._message("time"), code="invalid")
        naive = datetime.datetime.combine(day, datetime.time(hour, minute))
        return timezone.make_aware(naive, timezone.get_default_timezone())
