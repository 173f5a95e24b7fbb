"""Forms for Restriction on Bail. They only validate input; the rules are BailRestriction.rule_errors(), asked by
assessments/services/bail.py, whose errors (keyed by spec field) the views put next to these fields."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.utils import timezone

from assessments.models.bail import ALLOWED_DECISIONS, AssessmentAttendance, CourtDecision, Eligibility, FollowUp, Response
from dip.fields import SplitDateField, SplitDateTimeField

EARLIEST = datetime.date(2000, 1, 1)
MAX_REPORT = 8000


def _radios(choices, label: str, message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, label=label, widget=forms.RadioSelect,
                             error_messages={"required": message, "invalid_choice": message}, **kwargs)


class Base(forms.Form):
    submit = "Save"
    # The service's spec-field keys that this form shows under another field (dip.forms.add_service_errors).
    ERROR_FIELDS: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.fields, Submit("submit", self.submit))


class DrugTestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, test) -> str:
        return (f"{timezone.localtime(test.requested_at):%-d %B %Y %H:%M} at {test.custody_suite.name}: "
                f"{test.result_display}")


class OfferForm(Base):
    submit = "Save the offer"
    ERROR_FIELDS = {"client": "offered_on"}  # the age rule is about the offer's day
    drug_test = DrugTestChoiceField(
        queryset=None, label="Qualifying positive test", widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select the positive test", "invalid_choice": "Select one of the client's tests"},
    )
    charge = forms.CharField(label="Charge", max_length=200, help_text="For example, possession of heroin (MDA 1971 s5(2))",
                             error_messages={"required": "Enter the charge"})
    eligibility = _radios(Eligibility.choices, "Grounds of eligibility", "Select the grounds of eligibility")
    court = forms.CharField(label="Court", max_length=200, error_messages={"required": "Enter the court"})
    offered_on = SplitDateField(label="Date the assessment was offered", earliest=EARLIEST)
    response = _radios(Response.choices, "The defendant's response", "Select the defendant's response")

    def __init__(self, *args, tests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drug_test"].queryset = tests


class DecisionForm(Base):
    submit = "Save the court's decision"

    court_decision = _radios(CourtDecision.choices, "The court's decision", "Select the court's decision")
    decided_on = SplitDateField(label="Date of the decision", earliest=EARLIEST)

    def __init__(self, *args, restriction, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the decisions the response allows are offered; the service refuses any other.
        allowed = ALLOWED_DECISIONS.get(restriction.response, ())
        self.fields["court_decision"].choices = [(v, label) for v, label in CourtDecision.choices if v in allowed]


class AssessmentForm(Base):
    submit = "Save the assessment"
    assessment_at = SplitDateTimeField(label="Date and time of the assessment", earliest=EARLIEST,
                                       required_message="Enter the date and time of the assessment")
    assessment_attendance = _radios(AssessmentAttendance.choices, "Attendance", "Select whether the defendant attended")


class FollowUpForm(Base):
    submit = "Save the follow-up"
    follow_up = _radios(FollowUp.choices, "Follow-up", "Select whether the defendant engaged with the follow-up")


class ReportForm(Base):
    submit = "Save the report"
    report_text = forms.CharField(
        label="Report to the court", max_length=MAX_REPORT, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Drafted from the record: check it, then print it for the court.",
        error_messages={"required": "Enter the report"},
    )
    reported_to_court_on = SplitDateField(label="Date reported to the court", required=False, earliest=EARLIEST,
                                          help_text="When a failure was reported; leave empty until it is.")


class EndForm(Base):
    submit = "Record the end"
    ended_on = SplitDateField(label="Date the restriction ended (disposal or sentence)", earliest=EARLIEST)


STEP_FORMS = {"decision": DecisionForm, "assessment": AssessmentForm, "follow-up": FollowUpForm,
              "report": ReportForm, "end": EndForm}
STEP_TITLES = {
    "decision": "Record the court's decision",
    "assessment": "Record the assessment",
    "follow-up": "Record the follow-up",
    "report": "Check the compliance report",
    "end": "Record the end of the restriction",
}
