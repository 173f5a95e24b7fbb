"""Input forms for prison release pick-up and after-care. Forms only validate input: the rules are the
models' `rule_errors()`, asked by the services, whose errors the views put back on these fields."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms

from dip.fields import SplitDateField
from throughcare.models import EndReason, ReleaseType, SessionKind
from throughcare.models.prison import Status

MAX_TEXT = 4000


def _helper(form: forms.Form, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*form.fields, Submit("submit", submit))
    return helper


def _radios(choices, label: str, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, label=label, widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class Base(forms.Form):
    submit = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self, self.submit)


class PrisonReleaseForm(Base):
    submit = "Save the prison period"
    prison = forms.CharField(label="Prison", max_length=100, error_messages={"required": "Enter the prison"})
    reception_date = SplitDateField(
        label="Reception date", help_text="The day the client arrived in prison, for example 27 3 2025"
    )
    status = _radios(Status.choices, "Status in prison", "Select remand or sentenced")
    expected_release_date = SplitDateField(
        label="Expected release date", required=False, help_text="Release planning starts about six weeks before it."
    )


class PlanForm(Base):
    submit = "Save the release plan"
    release_plan_date = SplitDateField(label="Date of the release plan")
    plan_summary = forms.CharField(
        label="What the plan says", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Drug use before custody, progress in prison, what to address outside, the arrangements with a "
                  "community agency, and the overdose-risk advice given.",
        error_messages={"required": "Enter what the plan says"},
    )
    plan_shared_with_probation = forms.BooleanField(label="Share the plan with probation", required=False)
    plan_shared_with_treatment = forms.BooleanField(label="Share the plan with treatment providers", required=False)


class AlertForm(Base):
    submit = "Save the alert"
    alerted_on = SplitDateField(label="Date the community team was alerted")


class ReleaseForm(Base):
    submit = "Record the release"
    release_date = SplitDateField(label="Release date")
    release_type = _radios(ReleaseType.choices, "Type of release", "Select the type of release")


class ContactForm(Base):
    submit = "Record first contact"
    first_contact_date = SplitDateField(label="Date of the first contact after release")


class TreatmentForm(Base):
    submit = "Record first treatment"
    first_treatment_date = SplitDateField(label="Date of the first treatment after release")


class PeriodForm(PrisonReleaseForm):
    submit = "Save the changes"


STEP_FORMS = {
    "period": PeriodForm, "plan": PlanForm, "alert": AlertForm, "release": ReleaseForm, "contact": ContactForm,
    "treatment": TreatmentForm,
}
STEP_TITLES = {
    "period": "Change the prison period",
    "plan": "Record the release plan",
    "alert": "Record the alert to the community team",
    "release": "Record the release",
    "contact": "Record first contact after release",
    "treatment": "Record first treatment after release",
}


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class AftercareForm(Base):
    submit = "Start after-care"
    provider = ProviderChoiceField(
        queryset=None, label="Service that runs the support", empty_label=None,
        error_messages={"required": "Select the service", "invalid_choice": "Select one of your team's services"},
    )
    started_on = SplitDateField(label="Start date")

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class EndForm(Base):
    submit = "End after-care"
    ended_on = SplitDateField(label="End date")
    end_reason = _radios(EndReason.choices, "Why it ended", "Select why the after-care ended")


class GroupSessionForm(Base):
    """One session for the whole group: who attended is ticked; everyone else listed did not attend."""

    submit = "Record the session"
    on = SplitDateField(label="Date of the session")
    kind = _radios(SessionKind.choices, "Kind of session", "Select the kind of session")
    attended = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Who attended",
        help_text="Everyone listed who is not ticked here or below is recorded as not attending.",
        error_messages={"invalid_choice": "Select people from the list"},
    )
    # A service runs several groups: people in another group get no row, rather than a false "did not attend".
    not_in_group = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Not in this group",
        help_text="No session is recorded for them.",
        error_messages={"invalid_choice": "Select people from the list"},
    )

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(e.pk, f"{e.client} (in after-care since {e.started_on:%-d %B %Y})") for e in episodes]
        self.fields["attended"].choices = self.fields["not_in_group"].choices = choices

    def clean(self):
        data = super().clean()
        if set(data.get("attended") or ()) & set(data.get("not_in_group") or ()):
            self.add_error("not_in_group", "A person who attended is in this group: untick them here or above")
        return data
