"""Forms for the required-assessment chain. They only validate input; the rules are in assessments/services/required.py."""

import datetime
import re
import zoneinfo

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from assessments.models.required import NOT_IMPOSED_REASONS, Attendance, PoliceNotification, RAOutcome
from dip import roles
from dip.models import User

LONDON = zoneinfo.ZoneInfo("Europe/London")
TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class DateField(DateInputField):
    """GOV.UK date input that turns any impossible date (year 99999, 31 February) into a field error."""

    def __init__(self, what: str, **kwargs):
        super().__init__(**kwargs)
        self.error_messages = {**self.error_messages, "required": f"Enter the {what}", "incomplete": f"Enter the {what}"}

    def compress(self, data_list):
        try:
            value = super().compress(data_list)
        except (OverflowError, ValueError) as e:
            raise ValidationError("Enter a real date") from e
        if value is not None and not 2000 <= value.year <= 2100:
            raise ValidationError("Enter a date between 2000 and 2100")
        return value


class TimeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", "24-hour clock, for example 14:30")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = TIME_RE.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError("Enter a time like 09:30 or 14:30")
        return datetime.time(int(match[1]), int(match[2]))


def combine(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    """A local (Europe/London) date and time as an aware datetime."""
    if day is None or time is None:
        return None
    return datetime.datetime.combine(day, time, tzinfo=LONDON)


class GDSForm(forms.Form):
    """Each form maps the service's error keys (model-ish names) to its own fields with ERROR_FIELDS
    (read by dip.forms.add_service_errors)."""

    ERROR_FIELDS: dict[str, str] = {}
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def layout_fields(self):
        return [Field(name) for name in self.fields]


def _assessor_choices(user):
    """Assessors: custody drug workers and managers of the user's team."""
    if user.team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(team_id=user.team_id, is_active=True, groups__name__in=[roles.CUSTODY_WORKER, roles.TEAM_MANAGER])
        .order_by("last_name", "first_name", "id").distinct()
    )


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class AppointmentFields(GDSForm):
    """Date, time, place and assessor of an appointment."""

    scheduled_date = DateField("date of the appointment", label="Date of the appointment", require_all_fields=False)
    scheduled_time = TimeField(label="Time of the appointment", error_messages={"required": "Enter the time of the appointment"})
    location = forms.CharField(
        label="Place", max_length=200, help_text="For example, the interview room of the custody suite",
        error_messages={"required": "Enter the place of the appointment"},
    )
    assessor = AssessorChoiceField(queryset=User.objects.none(), required=False, label="Assessor", empty_label="Not yet known")
    ERROR_FIELDS = {"scheduled_at": "scheduled_date", "drug_test": None}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = _assessor_choices(user)

    def layout_fields(self):
        return [
            Field("scheduled_date"), Field.text("scheduled_time", field_width=5),
            Field.text("location"), Field.select("assessor"),
        ]

    @property
    def scheduled_at(self):
        return combine(self.cleaned_data.get("scheduled_date"), self.cleaned_data.get("scheduled_time"))


class ImposeForm(AppointmentFields):
    imposed_date = DateField("date the requirement was imposed", label="Date imposed", require_all_fields=False)
    imposed_time = TimeField(label="Time imposed", error_messages={"required": "Enter the time the requirement was imposed"})
    imposing_officer = forms.CharField(label="Imposing officer", max_length=100, required=False,
                                       help_text="Name, rank and number")
    ERROR_FIELDS = {**AppointmentFields.ERROR_FIELDS, "imposed_at": "imposed_date"}
    submit_label = "Impose and issue RA1"

    def layout_fields(self):
        return [
            Fieldset(Field("imposed_date"), Field.text("imposed_time", field_width=5), Field.text("imposing_officer"),
                     legend="The requirement", legend_size=Size.MEDIUM),
            Fieldset(*super().layout_fields(), legend="The initial assessment (RA1)", legend_size=Size.MEDIUM),
        ]

    @property
    def imposed_at(self):
        return combine(self.cleaned_data.get("imposed_date"), self.cleaned_data.get("imposed_time"))


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


class FollowUpForm(AppointmentFields):
    required = forms.TypedChoiceField(
        choices=[("yes", "Yes: give notice of the follow-up (RA4)"), ("no", "No: the follow-up requirement ends (RA5)")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect, label="Is a follow-up assessment required?",
        error_messages={"required": "Select whether a follow-up assessment is required"},
    )
    submit_label = "Record decision"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("scheduled_date", "scheduled_time", "location"):
            self.fields[name].required = False  # only when the follow-up is required

    def layout_fields(self):
        return [
            Field.radios("required", legend_size=Size.MEDIUM),
            Fieldset(*super().layout_fields(), legend="If required: the follow-up appointment", legend_size=Size.SMALL),
        ]

    def clean(self):
        data = super().clean()
        if data.get("required"):
            for name, message in [("scheduled_date", "Enter the date of the follow-up assessment"),
                                  ("scheduled_time", "Enter the time of the follow-up assessment"),
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
    sent_date = DateField("date the police were notified", label="Date notified", require_all_fields=False)
    sent_time = TimeField(label="Time notified", error_messages={"required": "Enter the time the police were notified"})
    sent_to = forms.CharField(label="Officer or unit notified", max_length=200,
                              error_messages={"required": "Enter the officer or unit notified"})
    ERROR_FIELDS = {"sent_at": "sent_date"}
    submit_label = "Record as sent"

    def layout_fields(self):
        return [Field("sent_date"), Field.text("sent_time", field_width=5), Field.text("sent_to")]

    @property
    def sent_at(self):
        return combine(self.cleaned_data.get("sent_date"), self.cleaned_data.get("sent_time"))


class ProsecutionForm(GDSForm):
    prosecution = forms.ChoiceField(choices=PoliceNotification.Prosecution.choices, widget=forms.RadioSelect,
                                    label="Police decision on the failure",
                                    error_messages={"required": "Select the police decision"})
    submit_label = "Record decision"

    def layout_fields(self):
        return [Field.radios("prosecution", legend_size=Size.SMALL)]
