"""Forms for the DT1 and each later step. Forms only validate: the rules are in DrugTest.clean(),
which ModelForm runs and maps back onto these fields."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, ConditionalQuestion, ConditionalRadios, Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from dip.fields import SplitDateField, SplitDateTimeField
from dip.models import CustodySuite
from testing.models import APPROPRIATE_ADULT_UNDER, DrugTest, TriggerOffence

INSPECTOR_FIELDS = ("inspector_name", "inspector_rank", "authorisation_grounds", "authorisation_mode")
ADULT_FIELDS = ("appropriate_adult_present", "appropriate_adult_name")

M = DrugTest


def _radios(choices, label, required=False, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, label=label, required=required, widget=forms.RadioSelect, **kwargs)


class OffenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TriggerOffence) -> str:
        if obj.valid_to:
            return f"{obj} (until {obj.valid_to:%-d %B %Y})"
        return str(obj)


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template has the <form>: no form inside a form
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class RulesForm(forms.ModelForm):
    """A ModelForm whose model rules may name fields this form does not show: those become form-level errors
    (Django would raise ValueError for them). A field whose input was already refused gets no second error."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            mapped: dict = {}
            for name, messages in errors.error_dict.items():
                if name in self.fields and name in self._errors:
                    continue  # the field's own error ("must be a real date") says it already
                key = name if name in self.fields else NON_FIELD_ERRORS
                mapped.setdefault(key, []).extend(messages)
            errors = ValidationError(mapped)
        super()._update_errors(errors)


class DrugTestForm(RulesForm):
    """The whole DT1 on one page: quick to fill in a custody suite, every later step optional here."""

    custody_suite = forms.ModelChoiceField(queryset=CustodySuite.objects.none(), label="Custody suite",
                                           empty_label=None, error_messages={"required": "Select the custody suite"})
    stage = _radios(M.Stage.choices, "Stage", required=True, error_messages={"required": "Select the stage"})
    basis = _radios(M.Basis.choices, "Basis for the test", required=True,
                    error_messages={"required": "Select the basis for the test"})
    arrested_at = SplitDateTimeField(
        label="Time of arrest", required=False, past_only=True,
        help_text="Decides which trigger-offence list applies. Leave blank if the same as the request.")
    trigger_offence = OffenceChoiceField(
        queryset=TriggerOffence.objects.none(), label="Trigger offence", required=False, empty_label="Not a trigger offence"
    )
    offence = forms.CharField(label="Offence, if not a trigger offence", required=False, max_length=200)
    inspector_name = forms.CharField(label="Name of the authorising officer", required=False, max_length=100)
    inspector_rank = forms.ChoiceField(choices=[("", "Select rank")] + M.Rank.choices, label="Rank", required=False)
    authorisation_grounds = forms.CharField(label="Grounds for the authorisation", required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    authorisation_mode = _radios(M.AuthorisationMode.choices, "How was it authorised?")
    warning_given = forms.BooleanField(
        label="The warning was given before the request", required=True,
        error_messages={"required": "Confirm that the warning was given before the sample was requested"},
    )
    appropriate_adult_present = forms.BooleanField(label="An appropriate adult was present", required=False)
    appropriate_adult_name = forms.CharField(label="Name of the appropriate adult", required=False, max_length=100)
    requested_at = SplitDateTimeField(label="Time the sample was requested", past_only=True)
    outcome = _radios(M.Outcome.choices, "Outcome", help_text="Leave blank if the result is not known yet.")
    sampled_at = SplitDateTimeField(label="Time the sample was taken", required=False, past_only=True)
    opiates = _radios(M.Reading.choices, "Opiates")
    cocaine = _radios(M.Reading.choices, "Cocaine")
    medication_declared = forms.CharField(label="Medication declared", required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = DrugTest
        fields = [
            "custody_suite", "stage", "basis", "arrested_at", "trigger_offence", "offence", "inspector_name",
            "inspector_rank", "authorisation_grounds", "authorisation_mode", "warning_given",
            "appropriate_adult_present", "appropriate_adult_name", "requested_at", "outcome", "sampled_at",
            "opiates", "cocaine", "medication_declared",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Suites in the user's area, the user's own team's first (the default).
        suites = CustodySuite.objects.filter(area_id=user.team.area_id) if user.team_id else CustodySuite.objects.none()
        self.fields["custody_suite"].queryset = suites
        self.fields["trigger_offence"].queryset = TriggerOffence.objects.order_by("valid_to", "statute", "section", "id")
        if self.instance.pk is None and not self.is_bound:
            # model_to_dict() put the blank instance's values here; replace them with useful defaults.
            own = next((s for s in suites if s.team_id == user.team_id), None)
            self.initial.update({
                "custody_suite": own or next(iter(suites), None),
                "requested_at": timezone.now().replace(second=0, microsecond=0),
                "stage": M.Stage.ARREST, "basis": M.Basis.TRIGGER_OFFENCE,
            })
        # Shown only when they apply (GOV.UK conditional reveal; without JavaScript all are shown and clean()
        # ignores the ones that do not apply): the inspector's authority under "Authorised by an inspector", the
        # appropriate adult only for someone who may be under 17.
        self.adult_applies = _may_be_under_17(self.instance)
        if not self.adult_applies:
            for name in ADULT_FIELDS:
                del self.fields[name]
        inspector = ConditionalQuestion(
            M.Basis.INSPECTOR_AUTHORISED.label,
            Field.text("inspector_name", field_width=20),
            Field.select("inspector_rank"),
            Field.textarea("authorisation_grounds"),
            Field.radios("authorisation_mode", inline=True),
        )
        adult = [Field.checkbox("appropriate_adult_present"), Field.text("appropriate_adult_name", field_width=20)]
        self.helper = _helper(
            Field.select("custody_suite"),
            Field.radios("stage", legend_size=Size.MEDIUM, inline=True),
            ConditionalRadios("basis", M.Basis.TRIGGER_OFFENCE.label, inspector),
            Field("arrested_at"),
            Field.select("trigger_offence"),
            Field.text("offence"),
            HTML('<h2 class="govuk-heading-m">Request</h2>'),
            Field.checkbox("warning_given"),
            *(adult if self.adult_applies else []),
            Field("requested_at"),
            HTML('<h2 class="govuk-heading-m">Result</h2>'),
            Field.radios("outcome"),
            Field("sampled_at"),
            Field.radios("opiates", inline=True),
            Field.radios("cocaine", inline=True),
            Field.textarea("medication_declared"),
            submit="Save drug test",
        )

    def clean(self):
        data = super().clean()
        if data.get("basis") != M.Basis.INSPECTOR_AUTHORISED:  # hidden (or shown without JavaScript): not recorded
            for name in INSPECTOR_FIELDS:
                data[name] = ""
                self.errors.pop(name, None)
        # Free text is for imports and non-trigger offences: on this form a trigger offence comes from the list.
        # (With neither, DrugTest.clean() gives the error.)
        on_list = data.get("trigger_offence") or "trigger_offence" in self.errors
        if data.get("basis") == M.Basis.TRIGGER_OFFENCE and not on_list and data.get("offence"):
            self.add_error("trigger_offence", "Select the trigger offence, or choose 'Authorised by an inspector'")
        return data


def _may_be_under_17(test: DrugTest) -> bool:
    """Whether an appropriate adult may be needed: the person is under 18 today (so possibly under 17 when tested,
    if recorded late), their date of birth is unknown, or the test being changed already records one."""
    client = getattr(test, "client", None)
    if client is None or client.date_of_birth is None or test.appropriate_adult_present:
        return True
    return client.age_on(timezone.localdate()) < APPROPRIATE_ADULT_UNDER + 1


class ResultForm(RulesForm):
    outcome = _radios(M.Outcome.choices, "Outcome", required=True, error_messages={"required": "Select the outcome"})
    sampled_at = SplitDateTimeField(label="Time the sample was taken", required=False, past_only=True)
    opiates = _radios(M.Reading.choices, "Opiates")
    cocaine = _radios(M.Reading.choices, "Cocaine")

    class Meta:
        model = DrugTest
        fields = ["outcome", "sampled_at", "opiates", "cocaine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.sampled_at:
            self.initial["sampled_at"] = timezone.now().replace(second=0, microsecond=0)
        self.helper = _helper(Field.radios("outcome"), Field("sampled_at"), Field.radios("opiates", inline=True),
                              Field.radios("cocaine", inline=True), submit="Save result")


class DisputeForm(RulesForm):
    disputed_at = SplitDateTimeField(label="When the person disputed the result", past_only=True)

    class Meta:
        model = DrugTest
        fields = ["disputed_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.disputed = True
        self.initial["disputed_at"] = (self.instance.disputed_at or timezone.now().replace(second=0, microsecond=0))
        self.helper = _helper(Field("disputed_at"), submit="Record dispute")


class LaboratoryForm(RulesForm):
    sent_to_laboratory_at = SplitDateTimeField(label="When the sample was sent to the laboratory", past_only=True)

    class Meta:
        model = DrugTest
        fields = ["sent_to_laboratory_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["sent_to_laboratory_at"] = (self.instance.sent_to_laboratory_at
                                or timezone.now().replace(second=0, microsecond=0))
        self.helper = _helper(Field("sent_to_laboratory_at"), submit="Record sample sent")


class ConfirmationForm(RulesForm):
    confirmation = _radios(M.Confirmation.choices, "Laboratory result", required=True,
                           error_messages={"required": "Select the laboratory result"})
    confirmation_received_at = SplitDateTimeField(label="When the result was received", past_only=True)

    class Meta:
        model = DrugTest
        fields = ["confirmation", "confirmation_received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["confirmation_received_at"] = (self.instance.confirmation_received_at
                                or timezone.now().replace(second=0, microsecond=0))
        self.helper = _helper(Field.radios("confirmation"), Field("confirmation_received_at"),
                              submit="Save laboratory result")


class ListFilterForm(forms.Form):
    on = SplitDateField(label="Date requested", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form method="get">
        self.helper.layout = Layout(Field("on"), Submit("filter", "Show tests", css_class="govuk-button--secondary"))
