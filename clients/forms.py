"""Forms for client records: search, identity, aliases, consent, emergency access and reasons for viewing."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from clients.identifiers import normalise_nhs, normalise_pnc, normalise_postcode
from clients.models import ETHNICITY_NOT_RECORDED, AccessGrant, Client, ClientAlias, Consent
from dip.fields import SplitDateField
from dip.models import Area


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template has the <form>: no form inside a form
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def clean_pnc(value: str) -> str:
    return normalise_pnc(value) if value and value.strip() else ""


def clean_nhs(value: str) -> str:
    return normalise_nhs(value) if value and value.strip() else ""


class SearchForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=200,
                           help_text="Given and family name, in any order, or part of a name")
    date_of_birth = SplitDateField(label="Date of birth", required=False, help_text="For example, 27 3 1990",
                                   past_only=True)
    pnc_id = forms.CharField(label="PNC ID", required=False, max_length=20, help_text="For example, 2001/0123456F")
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=20, help_text="10 digits")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "pnc_id", "nhs_number"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.helper = _helper(
            Field.text("name", field_width=20), Field("date_of_birth"), Field.text("pnc_id", field_width=10),
            Field.text("nhs_number", field_width=10), submit="Search",
        )

    def clean_pnc_id(self) -> str:
        return clean_pnc(self.cleaned_data["pnc_id"])

    def clean_nhs_number(self) -> str:
        return clean_nhs(self.cleaned_data["nhs_number"])

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f) for f in ("name", "date_of_birth", "pnc_id", "nhs_number")):
            raise ValidationError("Enter a name, date of birth, PNC ID or NHS number")
        if data.get("name") is not None and data.get("name").strip() and not any(c.isalpha() for c in data["name"]):
            self.add_error("name", "Enter a name using letters")
        return data


class ClientForm(forms.ModelForm):
    date_of_birth = SplitDateField(label="Date of birth", help_text="For example, 27 3 1990", past_only=True)
    area = forms.ModelChoiceField(Area.objects.order_by("name"), label="Area of residence",
                                  error_messages={"required": "Select the area of residence",
                                                  "invalid_choice": "Select the area of residence"})
    confirm_new = forms.BooleanField(required=False, label="I have checked the records above: this is a different person")

    class Meta:
        model = Client
        fields = ["given_name", "family_name", "date_of_birth", "sex", "ethnicity", "area", "postcode", "pnc_id", "nhs_number"]
        widgets = {"sex": forms.RadioSelect}
        error_messages = {
            "given_name": {"required": "Enter the given name"},
            "family_name": {"required": "Enter the family name"},
            "sex": {"required": "Select the sex", "invalid_choice": "Select the sex"},
            "ethnicity": {"invalid_choice": "Select the ethnic category"},
        }
        labels = {"ethnicity": "Ethnic category", "given_name": "Given name", "family_name": "Family name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [c for c in self.fields["sex"].choices if c[0]]
        # Blank is what an import without an ethnic category stores: a page can keep it (reported as not stated).
        self.fields["ethnicity"].choices = [("", ETHNICITY_NOT_RECORDED), *[c for c in self.fields["ethnicity"].choices if c[0]]]
        self.fields["postcode"].help_text = "Optional"
        self.fields["pnc_id"].help_text = "Optional. For example, 2001/0123456F"
        self.fields["nhs_number"].help_text = "Optional. 10 digits"
        for name in ("pnc_id", "nhs_number", "postcode"):
            # Typed with spaces or a short serial; the cleaned full form fits the model's max_length.
            self.fields[name].max_length = 20
            self.fields[name].validators = []
            self.fields[name].widget.attrs["maxlength"] = 20
        fields = [
            Field.text("given_name", field_width=20), Field.text("family_name", field_width=20), Field("date_of_birth"),
            Field.radios("sex", legend_size=Size.SMALL, inline=True), Field.select("ethnicity"), Field.select("area"),
            Field.text("postcode", field_width=10), Field.text("pnc_id", field_width=10),
            Field.text("nhs_number", field_width=10),
        ]
        self._fields_layout = fields
        self.helper = _helper(*fields, submit="Save client")

    def offer_confirm(self) -> None:
        """After likely duplicates are shown: let the worker confirm that this is a new person."""
        self.helper = _helper(*self._fields_layout, Field.checkbox("confirm_new"), submit="Save as a new client")

    def clean_pnc_id(self) -> str:
        return clean_pnc(self.cleaned_data["pnc_id"])

    def clean_nhs_number(self) -> str:
        return clean_nhs(self.cleaned_data["nhs_number"])

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data.get("postcode") or ""
        return normalise_postcode(postcode) if postcode.strip() else ""  # the import's rule too


class AliasForm(forms.ModelForm):
    class Meta:
        model = ClientAlias
        fields = ["given_name", "family_name"]
        labels = {"given_name": "Given name", "family_name": "Family name"}
        error_messages = {
            "given_name": {"required": "Enter the given name"}, "family_name": {"required": "Enter the family name"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("given_name", field_width=20), Field.text("family_name", field_width=20),
                              submit="Add alias")


class ConsentForm(forms.ModelForm):
    decided_on = SplitDateField(label="Date of the decision", help_text="For example, 27 3 2026",
                                earliest=datetime.date(2000, 1, 1), past_only=True)

    class Meta:
        model = Consent
        fields = ["scope", "decision", "decided_on"]
        widgets = {"scope": forms.RadioSelect, "decision": forms.RadioSelect}
        labels = {"scope": "What is the decision about?", "decision": "Decision"}
        error_messages = {
            "scope": {"required": "Select what the decision is about", "invalid_choice": "Select what the decision is about"},
            "decision": {"required": "Select the decision", "invalid_choice": "Select the decision"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("scope", "decision"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.helper = _helper(Field.radios("scope", legend_size=Size.SMALL), Field.radios("decision", legend_size=Size.SMALL),
                              Field("decided_on"), submit="Record decision")


class BreakGlassForm(forms.Form):
    identifier = forms.CharField(
        label="Client reference, PNC ID or NHS number", max_length=40,
        error_messages={"required": "Enter the client reference, PNC ID or NHS number"},
    )
    reason = forms.ChoiceField(
        label="Why do you need access?", widget=forms.RadioSelect,
        choices=[c for c in AccessGrant.Reason.choices if c[0] != AccessGrant.Reason.DATA_PROTECTION],
        error_messages={"required": "Select why you need access", "invalid_choice": "Select why you need access"},
    )
    detail = forms.CharField(label="Give details", widget=forms.Textarea, max_length=1000,
                             error_messages={"required": "Give details of why you need access"})

    def __init__(self, *args, for_possible_match: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].widget.attrs["autocomplete"] = "off"
        first = [Field.text("identifier", field_width=20)]
        if for_possible_match:  # the record is the one the duplicate check found, kept in the session
            del self.fields["identifier"]
            first = []
        self.helper = _helper(*first, Field.radios("reason", legend_size=Size.SMALL),
                              Field.textarea("detail", rows=3), submit="Get access for 24 hours")

    def clean_identifier(self) -> str:
        return self.cleaned_data["identifier"].strip()


class ViewReasonForm(forms.Form):
    detail = forms.CharField(label="Why are you viewing this record?", widget=forms.Textarea, max_length=1000,
                             help_text="For example, a subject access request or a complaint, with its reference",
                             error_messages={"required": "Give the reason for viewing this record"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Fieldset(Field.textarea("detail", rows=3)), submit="Continue")
