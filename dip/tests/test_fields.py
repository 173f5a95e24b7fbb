"""Split date and date-time fields: GOV.UK messages, local time, never an exception on odd input."""

import datetime

import pytest
from django import forms

from dip.fields import SplitDateField, SplitDateTimeField


class WhenForm(forms.Form):
    at = SplitDateTimeField(label="Time requested")
    on = SplitDateField(label="Date", required=False)


def bound(at=("", "", "", ""), on=("", "", "")):
    data = {f"at_{i}": v for i, v in enumerate(at)} | {f"on_{i}": v for i, v in enumerate(on)}
    return WhenForm(data)


def test_local_time_becomes_an_aware_datetime():
    form = bound(("30", "3", "2025", "00:30"))
    assert form.is_valid(), form.errors
    # 00:30 on 30 March 2025 is before the clocks go forward: GMT.
    assert form.cleaned_data["at"] == datetime.datetime(2025, 3, 30, 0, 30, tzinfo=datetime.UTC)
    summer = bound(("15", "6", "2025", "9.05"))
    assert summer.is_valid()
    assert summer.cleaned_data["at"] == datetime.datetime(2025, 6, 15, 8, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("time", "hour"), [("2:30pm", 14), ("12:00am", 0), ("1430", 14), (" 07:05 ", 7)])
def test_time_formats(time, hour):
    form = bound(("1", "1", "2025", time))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"].hour == hour


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (("31", "2", "2025", "10:00"), "Time requested must be a real date"),
        (("1", "1", "99999", "10:00"), "Time requested must be a real date"),
        (("1", "1", "9999", "10:00"), "Time requested must have a year between 1900 and 2100"),
        (("1", "1", "0", "10:00"), "Time requested must have a year between 1900 and 2100"),
        (("1", "1", "9" * 5000, "10:00"), "Time requested must be a real date"),
        (("-1", "1", "2025", "10:00"), "Time requested must be a real date"),
        (("1", "", "2025", "10:00"), "Time requested must include a month"),
        (("1", "1", "2025", ""), "Time requested must include a time in 24-hour format, like 14:30"),
        (("1", "1", "2025", "25:00"), "Time requested must include a time in 24-hour format, like 14:30"),
        (("1", "1", "2025", "13:00pm"), "Time requested must include a time in 24-hour format, like 14:30"),
        (("", "", "", ""), "Enter the date and time"),
    ],
)
def test_impossible_input_is_a_field_error(at, message):
    form = bound(at)
    assert not form.is_valid()
    assert form.errors["at"] == [message]


def test_optional_date_field():
    assert bound(("1", "1", "2025", "10:00")).is_valid()
    form = bound(("1", "1", "2025", "10:00"), on=("29", "2", "2024"))
    assert form.is_valid() and form.cleaned_data["on"] == datetime.date(2024, 2, 29)
    assert bound(("1", "1", "2025", "10:00"), on=("29", "2", "2025")).errors["on"] == ["Date must be a real date"]


def test_renders_govuk_date_input_with_time_and_keeps_what_was_typed():
    html = bound(("31", "2", "2025", "10:00")).as_p()
    assert 'class="govuk-date-input"' in html and ">Time</label>" in html
    assert 'value="31"' in html  # a failed form keeps what the user typed
    initial = WhenForm(initial={"at": datetime.datetime(2025, 6, 15, 8, 5, tzinfo=datetime.UTC)}).as_p()
    assert 'value="09:05"' in initial  # shown in London time
