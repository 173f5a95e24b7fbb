"""Input forms for referrals (GOV.UK components through crispy-forms-gds). No database writes here."""


from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Size, Submit
from django import forms

from dip.fields import SplitDateField
from dip.models import Provider
from referrals.models import DischargeReason, Intervention, LegalBasis, Source

MAX_TEXT = 2000


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Provider) -> str:
        return f"{obj.name} ({obj.area.name}, {obj.get_setting_display().lower()})"


AGREES, REFUSES = "given", "refused"  # Consent.Decision values


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

    # Asked only while the client's consent to share with treatment is not in force (domain.md 6.2).
    consent_decision = forms.ChoiceField(
        choices=[(AGREES, "Yes, they agree"), (REFUSES, "No, they refuse")],
        widget=forms.RadioSelect,
        label="Does the client agree to their information being shared with the treatment provider?",
        error_messages={
            "required": "Select whether the client agrees to share their information with the treatment provider",
            "invalid_choice": "Select whether the client agrees to share their information with the treatment provider",
        },
    )
    legal_basis = forms.ChoiceField(
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Legal basis for referring without consent (if there is one)",
        help_text="Without a legal basis the referral is not sent.",
        error_messages={"invalid_choice": "Select the legal basis from the list"},
    )
    legal_basis_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_TEXT,
        label="Details of the legal basis",
        error_messages={"max_length": f"Details must be {MAX_TEXT} characters or fewer"},
    )

    def __init__(self, *args, ask_consent: bool = True, decision_in_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        consent = []
        if ask_consent:
            field = self.fields["consent_decision"]
            field.help_text = (f"Decision recorded: {decision_in_force}" if decision_in_force
                               else "No decision on sharing with treatment providers is recorded.")
            consent = [ConditionalRadios(
                "consent_decision",
                "Yes, they agree",
                ConditionalQuestion("No, they refuse", Field.radios("legal_basis", legend_size=Size.SMALL),
                                    Field.textarea("legal_basis_detail")),
            )]
        else:
            for name in ("consent_decision", "legal_basis", "legal_basis_detail"):
                del self.fields[name]
        self.helper = _helper(
            *consent,
            Field.select("provider"),
            Field.radios("source", legend_size=Size.SMALL),
            Field("referral_date"),
            Field.radios("requested_intervention", legend_size=Size.SMALL),
            Field.textarea("notes"),
            submit="Send referral",
        )

    def clean(self):
        data = super().clean()
        # The legal basis is revealed only under "No": whatever a hidden (or no-JavaScript) field holds otherwise
        # is ignored, never saved.
        if data.get("consent_decision") != REFUSES:
            data["legal_basis"], data["legal_basis_detail"] = "", ""
        return data


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
