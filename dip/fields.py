"""The one GOV.UK date field and the one date-time field, used by every form of every app.

`SplitDateField`: day, month, year (the GOV.UK date input). `SplitDateTimeField`: the same plus a time,
read as Europe/London local time and returned aware.

The time rule, everywhere: the 24-hour clock, hours and minutes separated by a colon ("9:05", "09:05",
"14:30"); anything else ("2pm", "1430", "14.30", "25:00") is refused with one message that shows the format.
Impossible or out-of-range values (31 February, year 99999, a 5,000-digit number) give a field error, never
an exception. Errors belong to the whole field; the project's error summary links them to its first input
(templates/gds/layout/error_summary.html). Messages follow the GOV.UK date input pattern ("<Label> must be a
real date", "<Label> must include a month", "<Label> must be today or in the past").

Local times at the clock changes are read as Python's zoneinfo reads them (fold=0), as the rest of the code
does: in October the repeated hour (01:00-01:59) is the first one, still BST; in March the missing hour
(01:00-01:59) is read with the GMT offset, so 01:30 is 01:30 UTC (02:30 BST).

    requested_at = SplitDateTimeField(label="Time the sample was requested", past_only=True)
    date_of_birth = SplitDateField(label="Date of birth", past_only=True, required=False)

Every message starts with the field's label, so that the error summary (which links each message to its field)
says which field is wrong even when several fail alike ("Time of arrest must be now or in the past ...").
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

MIN_YEAR, MAX_YEAR = 1900, 2100
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)  # clock skew between a custody suite's clock and the server
TIME_HELP = "Use the 24-hour clock, for example 09:30 or 14:30"
_TIME = re.compile(r"^\s*([0-9]{1,2}):([0-9]{2})\s*$")  # ASCII digits only: int() reads others too
_NUMBER = re.compile(r"^\s*[0-9]{1,4}\s*$")

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


def _sentence_start(label: str) -> str:
    return label[:1].lower() + label[1:]


class SplitDateField(forms.MultiValueField):
    """A GOV.UK date input.

    earliest: the first date accepted (message names it); past_only: no date after today (Europe/London);
    required_message: the message when nothing is entered (default "Enter the <label>").
    """

    widget = SplitDateWidget
    parts = ("day", "month", "year")

    def __init__(self, *, earliest: datetime.date | None = None, past_only: bool = False,
                 required_message: str | None = None, **kwargs):
        self.earliest, self.past_only = earliest, past_only
        fields = tuple(forms.CharField(required=False) for _ in self.parts)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        message = required_message or f"Enter the {_sentence_start(str(self.label or 'date'))}"
        self.error_messages = {**self.error_messages, "required": message, "incomplete": message}

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
            "time": f"{label} must include a time in 24-hour format, like 09:30 or 14:30",
            "early": f"{label} must be on or after {self.earliest:%-d %B %Y}" if self.earliest else "",
            "future": f"{label} must be today or in the past",
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
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self._message("real"), code="invalid") from None
        if self.earliest and value < self.earliest:
            raise ValidationError(self._message("early"), code="too_early")
        if self.past_only and value > timezone.localdate():
            raise ValidationError(self._message("future"), code="future")
        return value

    def compress(self, data_list):
        if not data_list or not any(str(v).strip() for v in data_list if v is not None):
            return None
        return self._date(*data_list[:3])


def parse_time(text) -> datetime.time | None:
    """The one time rule: 24-hour "H:MM" or "HH:MM"; None for anything else."""
    match = _TIME.match(str(text or ""))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return datetime.time(int(match[1]), int(match[2]))


class SplitDateTimeField(SplitDateField):
    """Day, month, year and a 24-hour time; returns an aware datetime in Europe/London.

    past_only: not later than now (give or take FUTURE_TOLERANCE); the message names the field, the time entered
    and the time now.
    """

    widget = SplitDateTimeWidget
    parts = ("day", "month", "year", "time")

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", TIME_HELP)
        super().__init__(**kwargs)

    def compress(self, data_list):
        if not data_list or not any(str(v).strip() for v in data_list if v is not None):
            return None
        day = self._date(*data_list[:3])
        time = parse_time(data_list[3])
        if time is None:
            raise ValidationError(self._message("time"), code="invalid")
        value = timezone.make_aware(datetime.datetime.combine(day, time), timezone.get_default_timezone())
        now = timezone.now()
        if self.past_only and value > now + FUTURE_TOLERANCE:
            now = timezone.localtime(now)
            raise ValidationError(
                f"{self.label or 'The time'} must be now or in the past: you entered {day:%-d %B %Y} {time:%H:%M} "
                f"and it is now {now:%-d %B %Y} {now:%H:%M}", code="future")
        return value

    def _date(self, day, month, year) -> datetime.date:
        past_only, self.past_only = self.past_only, False  # the day may be today; the moment is checked above
        try:
            return super()._date(day, month, year)
        finally:
            self.past_only = past_only
