"""Forms for conditional cautions. They only validate input; the rules are ConditionalCaution.rule_errors(), asked
by assessments/services/caution.py, whose errors (keyed by spec field) the views put next to these fields."""

import datetime

from django import forms

from assessments.forms.bail import MAX_REPORT, Base, _radios
from assessments.models.caution import Attendance, Condition, ProsecutionDecision
from dip.fields import SplitDateField, SplitDateTimeField

EARLIEST = datetime.date(2000, 1, 1)


def _session(number: int, required: bool) -> SplitDateTimeField:
    return SplitDateTimeField(
        label=f"Session {number}: date and time", earliest=EARLIEST, required=required,
        required_message=f"Enter the date and time of session {number}",
        help_text="Use the 24-hour clock, for example 09:30 or 14:30" + ("" if required else
                                                                          ". Only for a three-session condition."),
    )


class IssueForm(Base):
    submit = "Save the caution"
    # The spec's sessions rules (count, order, not before the caution) belong to the first session's field.
    ERROR_FIELDS = {"client": "issued_on", "sessions": "session_1"}
    issued_on = SplitDateField(label="Date the caution was issued", earliest=EARLIEST)
    offence = forms.CharField(label="Offence", max_length=200, error_messages={"required": "Enter the offence"})
    condition = _radios(Condition.choices, "Drug rehabilitation condition", "Select the condition")
    session_1 = _session(1, True)
    session_2 = _session(2, False)
    session_3 = _session(3, False)

    def clean(self):
        data = super().clean()
        if data.get("condition") == Condition.THREE_SESSION:
            for name in ("session_2", "session_3"):
                if name in data and data[name] is None and name not in self.errors:
                    self.add_error(name, f"Enter the date and time of session {name[-1]}")
        elif data.get("condition") == Condition.ONE_SESSION:
            for name in ("session_2", "session_3"):
                if data.get(name):
                    self.add_error(name, "A one-session condition has only session 1")
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        sessions = [data.pop(f"session_{n}") for n in (1, 2, 3)]
        return {**data, "sessions": [s for s in sessions if s is not None]}


class SessionForm(Base):
    submit = "Save the session"
    scheduled_at = SplitDateTimeField(label="Date and time of the session", earliest=EARLIEST,
                                      required_message="Enter the date and time of the session")
    attendance = forms.ChoiceField(
        choices=[("", "Not yet recorded"), *Attendance.choices], label="Attendance", widget=forms.RadioSelect,
        required=False, error_messages={"invalid_choice": "Select attended, missed or not yet recorded"},
    )


class FailureReportForm(Base):
    submit = "Save the report"
    ERROR_FIELDS = {"concluded_on": "failure_reported_on", "outcome": None}
    report_text = forms.CharField(
        label="Report to the police", max_length=MAX_REPORT, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Drafted from the record: check it, then print it for the police.",
        error_messages={"required": "Enter the report"},
    )
    failure_reported_on = SplitDateField(label="Date reported to the police", required=False, earliest=EARLIEST,
                                         help_text="Leave empty until the report has gone to the police.")


class ProsecutionForm(Base):
    submit = "Save the decision"
    prosecution_decision = _radios(ProsecutionDecision.choices, "The police's decision", "Select the police's decision")
