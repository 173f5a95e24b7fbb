"""dip/fields.py: the one GOV.UK date field and date-time field. GOV.UK messages, one 24-hour time rule,
Europe/London local time, never an exception on odd input; every form of every app uses them."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from dip.fields import SplitDateField, SplitDateTimeField

UTC = datetime.UTC


class WhenForm(forms.Form):
    at = SplitDateTimeField(label="Time requested")
    on = SplitDateField(label="Date", required=False)


class BoundsForm(forms.Form):
    decided_on = SplitDateField(label="Date of the decision", earliest=datetime.date(2000, 1, 1), past_only=True,
                                required_message="Enter the date the decision was made")


def bound(at=("", "", "", ""), on=("", "", "")):
    data = {f"at_{i}": v for i, v in enumerate(at)} | {f"on_{i}": v for i, v in enumerate(on)}
    return WhenForm(data)


def valid_at(at) -> datetime.datetime:
    form = bound(at)
    assert form.is_valid(), form.errors
    return form.cleaned_data["at"]


def test_a_valid_date_and_time_become_an_aware_datetime_in_london_time():
    winter = bound(("30", "3", "2025", "00:30"))  # before the clocks go forward: GMT
    assert winter.is_valid(), winter.errors
    assert winter.cleaned_data["at"] == datetime.datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
    summer = bound(("15", "6", "2025", "9:05"))  # BST
    assert summer.is_valid(), summer.errors
    assert summer.cleaned_data["at"] == datetime.datetime(2025, 6, 15, 8, 5, tzinfo=UTC)


@pytest.mark.parametrize(("time", "hour", "minute"), [
    ("9:05", 9, 5), ("09:05", 9, 5), (" 07:05 ", 7, 5), ("0:00", 0, 0), ("23:59", 23, 59), ("14:30", 14, 30),
])
def test_the_one_time_rule_accepts_24_hour_times_with_a_colon(time, hour, minute):
    form = bound(("1", "1", "2025", time))
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["at"].hour, form.cleaned_data["at"].minute) == (hour, minute)  # January: UTC = London


TIME_MESSAGE = "Time requested must include a time in 24-hour format, like 09:30 or 14:30"


@pytest.mark.parametrize("time", ["", "2pm", "2:30pm", "12:00am", "1430", "14.30", "9.05", "24:00", "25:00", "12:60",
                                  "12:5", "noon", "1:2:3", "٠٩:٠٥"])
def test_every_other_time_is_refused_with_one_message_showing_the_format(time):
    form = bound(("1", "1", "2025", time))
    assert not form.is_valid()
    assert form.errors["at"] == [TIME_MESSAGE]


def test_the_date_time_field_tells_the_format_before_anyone_gets_it_wrong():
    assert "24-hour clock, for example 09:30 or 14:30" in WhenForm().as_p()


@pytest.mark.parametrize(("at", "message"), [
    (("31", "2", "2025", "10:00"), "Time requested must be a real date"),
    (("29", "2", "2025", "10:00"), "Time requested must be a real date"),  # not a leap year
    (("31", "4", "2025", "10:00"), "Time requested must be a real date"),
    (("0", "1", "2025", "10:00"), "Time requested must be a real date"),
    (("1", "13", "2025", "10:00"), "Time requested must be a real date"),
    (("1", "1", "99999", "10:00"), "Time requested must be a real date"),
    (("1", "1", "9999", "10:00"), "Time requested must have a year between 1900 and 2100"),
    (("1", "1", "0", "10:00"), "Time requested must have a year between 1900 and 2100"),
    (("1", "1", "9" * 5000, "10:00"), "Time requested must be a real date"),
    (("-1", "1", "2025", "10:00"), "Time requested must be a real date"),
    (("1", "x", "2025", "10:00"), "Time requested must be a real date"),
    (("", "1", "2025", "10:00"), "Time requested must include a day"),
    (("1", "", "2025", "10:00"), "Time requested must include a month"),
    (("1", "1", "", "10:00"), "Time requested must include a year"),
    (("", "", "", ""), "Enter the time requested"),
])
def test_impossible_or_missing_input_is_a_field_error_never_an_exception(at, message):
    form = bound(at)
    assert not form.is_valid()
    assert form.errors["at"] == [message]


def test_29_february_is_a_date_in_a_leap_year_only():
    ok = bound(("1", "1", "2025", "10:00"), on=("29", "2", "2024"))
    assert ok.is_valid() and ok.cleaned_data["on"] == datetime.date(2024, 2, 29)
    assert bound(("1", "1", "2025", "10:00"), on=("29", "2", "2025")).errors["on"] == ["Date must be a real date"]
    assert bound(("1", "1", "2025", "10:00"), on=("29", "2", "2000")).is_valid()  # divisible by 400
    assert bound(("1", "1", "2025", "10:00"), on=("29", "2", "2100")).errors["on"] == ["Date must be a real date"]


def test_an_empty_optional_field_is_none_and_an_empty_required_field_asks_for_it():
    form = bound(("1", "1", "2025", "10:00"))
    assert form.is_valid() and form.cleaned_data["on"] is None
    assert bound().errors["at"] == ["Enter the time requested"]
    assert BoundsForm({}).errors["decided_on"] == ["Enter the date the decision was made"]
    partly = bound(("1", "1", "2025", "10:00"), on=("", "2", ""))  # optional, but half typed: say what is missing
    assert partly.errors["on"] == ["Date must include a day"]


def test_earliest_and_past_only_bounds():
    def errors(day, month, year):
        return BoundsForm({"decided_on_0": day, "decided_on_1": month, "decided_on_2": year}).errors.get("decided_on")

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert errors("31", "12", "1999") == ["Date of the decision must be on or after 1 January 2000"]
    assert errors("1", "1", "2000") is None
    assert errors(today.day, today.month, today.year) is None
    assert errors(tomorrow.day, tomorrow.month, tomorrow.year) == ["Date of the decision must be today or in the past"]


def test_the_clock_changes_are_read_as_europe_london_with_zoneinfo():
    # 26 October 2025: 01:30 happens twice; the first (BST, fold=0) is taken, as the rest of the code does.
    repeated = bound(("26", "10", "2025", "01:30"))
    assert repeated.is_valid()
    # (An ambiguous local time never equals a time in another zone, PEP 495: compare in UTC, as it is stored.)
    assert repeated.cleaned_data["at"].astimezone(UTC) == datetime.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    later = valid_at(("26", "10", "2025", "02:30"))
    assert later.astimezone(UTC) == datetime.datetime(2025, 10, 26, 2, 30, tzinfo=UTC)
    # 30 March 2025: 01:30 does not exist; it is read with the GMT offset (01:30 UTC, 02:30 BST), never refused.
    missing = bound(("30", "3", "2025", "01:30"))
    assert missing.is_valid()
    assert missing.cleaned_data["at"].astimezone(UTC) == datetime.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    after = valid_at(("30", "3", "2025", "02:00"))
    assert after.astimezone(UTC) == datetime.datetime(2025, 3, 30, 1, 0, tzinfo=UTC)


def test_renders_a_govuk_date_input_with_time_and_keeps_what_was_typed():
    html = bound(("31", "2", "2025", "10.00")).as_p()
    assert 'class="govuk-date-input"' in html and ">Time</label>" in html
    assert 'value="31"' in html and 'value="10.00"' in html  # a failed form keeps what the user typed
    initial = WhenForm(initial={"at": datetime.datetime(2025, 6, 15, 8, 5, tzinfo=UTC)}).as_p()
    assert 'value="09:05"' in initial  # shown in London time


def test_the_error_summary_links_to_the_first_input_of_the_field():
    form = bound(("31", "2", "2025", "10:00"), on=("29", "2", "2025"))
    assert not form.is_valid()
    html = Template('{% include "gds/layout/error_summary.html" %}').render(Context({"form": form}))
    assert '<a href="#id_at_0">Time requested must be a real date</a>' in html
    assert '<a href="#id_on_0">Date must be a real date</a>' in html
    rendered = form.as_p()
    assert 'id="id_at_0"' in rendered and 'id="id_on_0"' in rendered  # the targets exist


FORM_MODULES = ["*/forms.py", "*/forms_*.py", "*/forms/*.py"]
OTHER_DATE_FIELD = re.compile(
    r"\b(forms\.(DateField|DateTimeField|TimeField|SplitDateTimeField)|DateInputField|MultiValueField"
    r"|class\s+\w*(Date|Time)\w*Field\b)"
)


def test_every_form_uses_the_one_date_and_date_time_field():
    root = Path(settings.BASE_DIR)
    paths = sorted({p for pattern in FORM_MODULES for p in root.glob(pattern) if ".venv" not in p.parts})
    assert len(paths) >= 5, paths
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if OTHER_DATE_FIELD.search(line)
    ]
    assert not offenders, offenders
    users = [p for p in paths if "SplitDateField" in p.read_text() or "SplitDateTimeField" in p.read_text()]
    assert {p.parent.parent.name if p.parent.name == "forms" else p.parent.name for p in users} >= {
        "clients", "testing", "assessments", "referrals",
    }
