"""Input forms for referrals (GOV.UK components through crispy-forms-gds). No database writes here."""


from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from dip.fields import SplitDateField
from dip.models import Provider
from referrals.models import DischargeReason, Intervention, Source

MAX_TEXT = 2000


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Provider) -> str:
        return f"{obj.name} ({obj.area.name}, {obj.get_setting_display().lower()})"


class ReferralForm(forms.Form):
    provider = ProviderChoiceField(
        queryset=Provider.objects.select_related("area").order_by("area__name", "name"),
        label="Treatment provider",
        empty_label="Choose a provider",
        error_messages={
            "required": "Select the treatment provider",
            "invalid_choice": "Select a treatment provider from the list",
        },
    )
    source = forms.ChoiceField(
        choices=Source.choices,
        widget=forms.RadioSelect,
        label="Where the referral comes from",
        error_messages={
            "required": "Select where the referral comes from",
            "invalid_choice": "Select where the referral comes from",
        },
    )
    referral_date = SplitDateField(label="Referral date", help_text="For example, 27 3 2025")
    requested_intervention = forms.ChoiceField(
        choices=Intervention.choices,
        widget=forms.RadioSelect,
        label="Intervention requested",
        error_messages={"required": "Select the intervention requested", "invalid_choice": "Select the intervention requested"},
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT,
        label="Notes for the provider",
        help_text="Do not include information the provider does not need.",
        error_messages={"max_length": f"Notes must be {MAX_TEXT} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("provider"),
            Field.radios("source", legend_size=Size.SMALL),
            Field("referral_date"),
            Field.radios("requested_intervention", legend_size=Size.SMALL),
            Field.textarea("notes"),
            submit="Send referral",
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        label="Why is the referral declined?",
        error_messages={
            "required": "Enter why the referral is declined",
            "max_length": f"Reason must be {MAX_TEXT} characters or fewer",
        },
    )

    def __init__(self, *args, submit: str = "Decline referral", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit=submit)


class StartForm(forms.Form):
    on = SplitDateField(label="Treatment start date", help_text="The date of the first intervention, for example 27 3 2025")

    def __init__(self, *args, submit: str = "Record treatment start", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("on"), submit=submit)


class DischargeForm(forms.Form):
    on = SplitDateField(label="Discharge date", help_text="For example, 27 3 2025")
    reason = forms.ChoiceField(
        choices=DischargeReason.choices,
        widget=forms.RadioSelect,
        label="Discharge reason",
        error_messages={"required": "Select the discharge reason", "invalid_choice": "Select the discharge reason"},
    )

    def __init__(self, *args, submit: str = "Record discharge", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("on"), Field.radios("reason", legend_size=Size.SMALL), submit=submit)


class ConfirmForm(forms.Form):
    """Actions that need nothing but a deliberate press of the button."""

    def __init__(self, *args, submit: str = "Confirm", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit=submit)


ACTION_FORMS = {
    "accept": ConfirmForm,
    "decline": DeclineForm,
    "client-declined": ConfirmForm,
    "did-not-attend": ConfirmForm,
    "start": StartForm,
    "discharge": DischargeForm,
    "withdraw": ConfirmForm,
}


class AreaFilterForm(forms.Form):
    """The team manager's filters; junk values are errors, never a 500."""

    provider = ProviderChoiceField(
        queryset=Provider.objects.none(), required=False, label="Provider", empty_label="All providers"
    )
    source = forms.ChoiceField(choices=[("", "All sources"), *Source.choices], required=False, label="Source")

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["provider"].queryset = providers
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("provider"), Field.select("source"), Submit("submit", "Filter", css_class="govuk-button--secondary")
        )
