"""Forms for the required-assessment chain. They only validate input; the rules are in assessments/services/required.py."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from assessments.models.required import NOT_IMPOSED_REASONS, Attendance, ClientTold, PoliceNotification, RAOutcome
from dip import permissions
from dip.fields import SplitDateTimeField
from dip.models import User

EARLIEST = datetime.date(2000, 1, 1)


def when(label: str, what: str, **kwargs) -> SplitDateTimeField:
    return SplitDateTimeField(label=label, required_message=f"Enter the date and time {what}", earliest=EARLIEST, **kwargs)


class GDSForm(forms.Form):
    """Each form maps the service's error keys (model-ish names) to its own fields with ERROR_FIELDS
    (read by dip.forms.add_service_errors)."""

    ERROR_FIELDS: dict[str, str] = {}
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no form inside a form
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def layout_fields(self):
        return [Field(name) for name in self.fields]


def _assessor_choices(user):
    """Assessors: custody drug workers and managers of the user's team."""
    if user.team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(permissions.custody_workers_q(), team_id=user.team_id, is_active=True)
        .order_by("last_name", "first_name", "id").distinct()
    )


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class AppointmentFields(GDSForm):
    """Date, time, place and assessor of an appointment."""

    scheduled_at = when("Date and time of the appointment", "of the appointment")
    location = forms.CharField(
        label="Place", max_length=200, help_text="For example, the interview room of the custody suite",
        error_messages={"required": "Enter the place of the appointment"},
    )
    assessor = AssessorChoiceField(queryset=User.objects.none(), required=False, label="Assessor", empty_label="Not yet known")
    ERROR_FIELDS = {"drug_test": None}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = _assessor_choices(user)

    def layout_fields(self):
        return [
            Field("scheduled_at"), Field.text("location"), Field.select("assessor"),
        ]

class ImposeForm(AppointmentFields):
    imposed_at = when("Date and time imposed", "the requirement was imposed")
    imposing_officer = forms.CharField(label="Imposing officer", max_length=100, required=False,
                                       help_text="Name, rank and number")
    submit_label = "Impose and issue RA1"

    def layout_fields(self):
        return [
            Fieldset(Field("imposed_at"), Field.text("imposing_officer"),
                     legend="The requirement", legend_size=Size.MEDIUM),
            Fieldset(*super().layout_fields(), legend="The initial assessment (RA1)", legend_size=Size.MEDIUM),
        ]


class VaryForm(AppointmentFields):
    reason = forms.CharField(label="Reason for the variation", max_length=500, required=False)
    submit_label = "Vary and issue RA2"

    def layout_fields(self):
        return [*super().layout_fields(), Field.text("reason")]


class NotImposedForm(GDSForm):
    reason = forms.ChoiceField(choices=NOT_IMPOSED_REASONS, widget=forms.RadioSelect,
                               label="Why was a required assessment not imposed?",
                               error_messages={"required": "Select why it was not imposed"})
    detail = forms.CharField(label="Details", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    submit_label = "Record decision"

    def layout_fields(self):
        return [Field.radios("reason", legend_size=Size.MEDIUM), Field.textarea("detail")]


class AttendanceForm(GDSForm):
    attendance = forms.ChoiceField(choices=Attendance.choices, widget=forms.RadioSelect, label="Attendance (RA3)",
                                   error_messages={"required": "Select whether the person attended"})
    submit_label = "Record attendance"

    def layout_fields(self):
        return [Field.radios("attendance", legend_size=Size.MEDIUM)]


class WithdrawForm(GDSForm):
    client_told = forms.ChoiceField(choices=ClientTold.choices, widget=forms.RadioSelect,
                                    label="How was the person told that they no longer need to attend?",
                                    error_messages={"required": "Select how the person was told",
                                                    "invalid_choice": "Select how the person was told"})
    submit_label = "Withdraw the requirement"

    def layout_fields(self):
        return [Field.radios("client_told", legend_size=Size.MEDIUM)]


class FollowUpForm(AppointmentFields):
    required = forms.TypedChoiceField(
        choices=[("yes", "Yes: give notice of the follow-up (RA4)"), ("no", "No: the follow-up requirement ends (RA5)")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect, label="Is a follow-up assessment required?",
        error_messages={"required": "Select whether a follow-up assessment is required"},
    )
    submit_label = "Record decision"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("scheduled_at", "location"):
            self.fields[name].required = False  # only when the follow-up is required

    def layout_fields(self):
        return [
            Field.radios("required", legend_size=Size.MEDIUM),
            Fieldset(*super().layout_fields(), legend="If required: the follow-up appointment", legend_size=Size.SMALL),
        ]

    def clean(self):
        data = super().clean()
        if data.get("required"):
            for name, message in [("scheduled_at", "Enter the date and time of the follow-up assessment"),
                                  ("location", "Enter the place of the follow-up assessment")]:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class OutcomeForm(GDSForm):
    outcome = forms.ChoiceField(choices=RAOutcome.choices, widget=forms.RadioSelect, label="Outcome",
                                error_messages={"required": "Select the outcome"})
    submit_label = "Record outcome"

    def layout_fields(self):
        return [Field.radios("outcome", legend_size=Size.MEDIUM)]


class StatementForm(GDSForm):
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 24}), label="Statement", max_length=20000,
                                error_messages={"required": "Enter the statement"})
    submit_label = "Save statement"

    def layout_fields(self):
        return [Field.textarea("statement", label_size=Size.MEDIUM)]


class SentForm(GDSForm):
    sent_at = when("Date and time notified", "the police were notified")
    sent_to = forms.CharField(label="Officer or unit notified", max_length=200,
                              error_messages={"required": "Enter the officer or unit notified"})
    submit_label = "Record as sent"

    def layout_fields(self):
        return [Field("sent_at"), Field.text("sent_to")]


class ProsecutionForm(GDSForm):
    prosecution = forms.ChoiceField(choices=PoliceNotification.Prosecution.choices, widget=forms.RadioSelect,
                                    label="Police decision on the failure",
                                    error_messages={"required": "Select the police decision"})
    submit_label = "Record decision"

    def layout_fields(self):
        return [Field.radios("prosecution", legend_size=Size.SMALL)]
