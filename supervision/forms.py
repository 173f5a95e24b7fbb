"""Forms for the DRR pages. Forms only validate input: the rules are the models' and the services'."""

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils import timezone

from dip import concurrency, permissions
from dip.fields import SplitDateField, SplitDateTimeField
from dip.models import Provider, User
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrReview, DrrTest, Substance


def _radios(choices, label, required=True, message="", **kwargs) -> forms.ChoiceField:
    errors = {"required": message or f"Select {label[0].lower()}{label[1:]}"}
    return forms.ChoiceField(choices=choices, label=label, required=required, widget=forms.RadioSelect,
                             error_messages=errors, **kwargs)


def _text(label, required=True, message="", max_length=200, **kwargs) -> forms.CharField:
    errors = {"required": message or f"Enter {label[0].lower()}{label[1:]}"}
    return forms.CharField(label=label, required=required, max_length=max_length, error_messages=errors, **kwargs)


def _area(label, required=True, message="", rows=5) -> forms.CharField:
    errors = {"required": message or f"Enter {label[0].lower()}{label[1:]}"}
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages=errors)


class GdsForm(forms.Form):
    """A form the page template wraps in its own <form> and button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def team_officers(team_id):
    return User.objects.filter(permissions.supervisors_q(), team_id=team_id, is_active=True).order_by(
        "first_name", "last_name", "username")


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class OrderForm(GdsForm):
    order_type = _radios(DrrOrder.OrderType.choices, "Order type")
    court = _text("Sentencing court")
    sentence_date = SplitDateField(label="Sentence date")
    start_date = SplitDateField(label="Start of the treatment and testing period")
    end_date = SplitDateField(label="End of the treatment and testing period",
                              help_text="At most 3 years after the start. Reviews are required over 12 months.")
    intensity = _radios(DrrOrder.Intensity.choices, "Intensity band")
    residential = forms.BooleanField(label="Residential treatment", required=False)
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label="Treatment provider", required=False,
                                      empty_label="Not known yet")
    responsible_officer = OfficerChoiceField(queryset=User.objects.none(), label="Responsible officer",
                                             error_messages={"required": "Select the responsible officer"})
    later_tests_per_week = forms.IntegerField(label="Tests a week after the first 16 weeks", min_value=0, max_value=7,
                                              initial=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(area_id=user.team.area_id)
        self.fields["responsible_officer"].queryset = team_officers(user.team_id)
        if not self.is_bound:
            self.initial.setdefault("responsible_officer", user.pk)


class OrderEditForm(OrderForm):
    seen_version = concurrency.version_field()  # the order as the page showed it: a later save by another is a conflict


class TerminateForm(GdsForm):
    termination_date = SplitDateField(label="Date the order ended")
    termination_reason = _radios(DrrOrder.TerminationReason.choices, "Reason")


class ReassignForm(GdsForm):
    officer = OfficerChoiceField(queryset=User.objects.none(), label="Responsible officer",
                                 error_messages={"required": "Select the responsible officer"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = team_officers(user.team_id)


class AppointmentForm(GdsForm):
    kind = _radios(DrrAppointment.Kind.choices, "Type of appointment")
    first_at = SplitDateTimeField(label="Date and time", help_text="For a series, the first appointment.")
    weeks = forms.IntegerField(label="Weekly for how many weeks", min_value=1, max_value=156, initial=1,
                               help_text="1 for a one-off appointment. The time stays the same across the clock changes.")
    location = _text("Location", required=False)
    confirm_clashes = forms.BooleanField(label="Book anyway, despite the clashes shown", required=False)


OUTCOME_CHOICES = [(value, label) for value, label in DrrAppointment.Outcome.choices]
REASON_CHOICES = [("", "Select a reason")] + DrrAppointment.AbsenceReason.choices


class OutcomeForm(GdsForm):
    outcome = _radios(OUTCOME_CHOICES, "Outcome")
    absence_reason = forms.ChoiceField(choices=REASON_CHOICES, label="Reason for the absence", required=False)
    evidence = _area("Evidence seen", required=False, rows=2)
    notes = _area("Notes", required=False, rows=2)


class DaySheetRowForm(forms.Form):
    """One row of the day sheet; a blank outcome leaves the appointment as it is."""

    outcome = forms.ChoiceField(choices=[("", "Not recorded")] + OUTCOME_CHOICES, label="Outcome", required=False,
                                widget=forms.Select(attrs={"class": "govuk-select"}))
    absence_reason = forms.ChoiceField(choices=REASON_CHOICES, label="Reason for the absence", required=False,
                                       widget=forms.Select(attrs={"class": "govuk-select"}))
    evidence = forms.CharField(label="Evidence seen", required=False, max_length=500,
                               widget=forms.TextInput(attrs={"class": "govuk-input"}))


class WarningForm(GdsForm):
    issued_on = SplitDateField(label="Date issued")
    letter = _area("Warning letter", rows=14)


class BreachForm(GdsForm):
    initiated_on = SplitDateField(label="Date breach action started")
    summary = _area("Officer's summary for the court", rows=8)


class BreachOutcomeForm(GdsForm):
    court_date = SplitDateField(label="Date of the court hearing")
    outcome = _radios(DrrBreach.Outcome.choices, "Court's outcome")


class TestDirectForm(GdsForm):
    taken_at = SplitDateTimeField(label="Date and time of the test")
    directed_by = _radios(DrrTest.DirectedBy.choices, "Directed by")


class TestResultForm(GdsForm):
    outcome = _radios(DrrTest.Outcome.choices, "Outcome")
    result = _radios(DrrTest.Result.choices, "Result", required=False)
    substances = forms.MultipleChoiceField(choices=Substance.choices, label="Positive for", required=False,
                                           widget=forms.CheckboxSelectMultiple)


class ReviewForm(GdsForm):
    hearing_date = SplitDateField(label="Date of the review hearing")
    court = _text("Court")


class ReviewReportForm(GdsForm):
    progress = _area("Progress since the last review", required=False, rows=8)
    recommendation = _area("Recommendation", required=False, rows=3)
    submit_report = forms.BooleanField(label="The report is final and has been sent to the court", required=False)


class ProviderViewForm(GdsForm):
    provider_view = _area("The treatment provider's view", rows=8)


class ReviewOutcomeForm(GdsForm):
    outcome = _radios(DrrReview.Outcome.choices, "Outcome of the review")


class CaseloadForm(forms.Form):
    SORTS = [("breach", "Breach or warning due"), ("name", "Name"), ("next_appointment", "Next appointment"),
             ("review", "Next review"), ("absences", "Unacceptable absences")]  # the first is the default
    officer = OfficerChoiceField(queryset=User.objects.none(), label="Officer", required=False, empty_label="Whole team")
    needs_action = forms.BooleanField(label="Only orders with a warning or breach due", required=False)
    include_ended = forms.BooleanField(label="Include orders that have ended", required=False)
    sort = forms.ChoiceField(choices=SORTS, label="Sort by", required=False)

    def __init__(self, *args, user, manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if manager:
            self.fields["officer"].queryset = team_officers(user.team_id)
            self.fields["officer"].widget.attrs["class"] = "govuk-select"
        else:
            del self.fields["officer"]


class DaySheetDateForm(forms.Form):
    on = SplitDateField(label="Day", required=False)

    def day(self):
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return timezone.localdate()
