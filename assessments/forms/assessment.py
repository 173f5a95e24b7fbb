"""One short form per assessment section (the GOV.UK task-list pattern).

Every section form takes `assessment` and `user`; `SECTIONS` lists them in order. The forms parse input
(dates, numbers, choices); the rules across a section's answers are assessments.models.sections, which
the completion service asks of what is stored, so a page and the service refuse the same things.
"""

import datetime
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.models.assessment import (
    Accommodation,
    Assessment,
    AssessmentType,
    Employment,
    InjectingStatus,
    Location,
    Outcome,
    Pregnancy,
    RiskLevel,
    Route,
    SharingBasis,
    Substance,
    Trigger,
    YesNoUnknown,
)
from assessments.models.sections import section_errors, stored_values
from clients.models import Consent
from dip.fields import SplitDateField
from dip.models import CustodySuite


def radio(choices, label: str, message: str, required: bool = True, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, label=label, required=required, widget=forms.RadioSelect, help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def number(label: str, low: int, high: int, required: bool = True, help_text: str = "") -> forms.IntegerField:
    message = f"Enter a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label, required=required, min_value=low, max_value=high, help_text=help_text,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


def text(label: str, max_length: int, required: bool = False, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"Enter {max_length} characters or fewer", "required": f"Enter the {label.lower()}"},
    )


class SectionForm(forms.ModelForm):
    """Base: GOV.UK layout built from the field types, access to the assessment and user, and the section's rules."""

    slug = ""

    def __init__(self, *args, assessment: Assessment, user, **kwargs):
        self.assessment = assessment
        self.user = user
        super().__init__(*args, instance=assessment, **kwargs)
        self.helper = build_helper(self)

    def clean(self):
        data = super().clean()
        # What is typed here, beside what is stored for the other sections (the instance is not changed yet).
        values = {**{k: v for k, v in stored_values(self.instance).items() if k not in self.fields}, **data}
        found = section_errors(self.slug, values, client_sex=self.assessment.client.sex, skip=set(self.errors))
        for field, messages in found.items():
            for message in messages:
                self.add_error(field, message)
        return data

    def as_data(self) -> dict:
        return as_data(self)


def build_helper(form) -> FormHelper:
    items = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.RadioSelect):
            items.append(Field.radios(name, legend_size=Size.SMALL, small=True, inline=len(field.choices) <= 3))
        elif isinstance(field, forms.IntegerField):
            items.append(Field.text(name, field_width=3, inputmode="numeric"))
        elif isinstance(field.widget, forms.Textarea):
            # crispy-forms-gds 2.0.1 needs a hint with the character count (KeyError otherwise).
            items.append(Field.textarea(name, max_characters=field.max_length if field.help_text else None))
        else:
            items.append(Field(name))
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*items)
    return helper


def as_data(form) -> dict:
    """The form's initial values as POST data (to re-validate a stored section)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else field.widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{key}_{i}"] = "" if part is None else str(part)
        else:
            data[key] = "" if value is None else value
    return data


class ContextForm(SectionForm):
    slug = "context"
    assessment_type = radio(AssessmentType.choices, "Type of assessment", "Select the type of assessment")
    assessed_on = SplitDateField(label="Date of assessment", help_text="For example, 27 3 2026", past_only=True)
    location = radio(Location.choices, "Where the assessment took place", "Select where the assessment took place")
    custody_suite = forms.ModelChoiceField(
        queryset=CustodySuite.objects.none(), required=False, label="Custody suite",
        empty_label="Select a custody suite",
        error_messages={"invalid_choice": "Select a custody suite from the list"},
    )
    trigger = radio(Trigger.choices, "What prompted the contact", "Select what prompted the contact")

    class Meta:
        model = Assessment
        fields = ["assessment_type", "assessed_on", "location", "custody_suite", "trigger"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area_id = self.user.team.area_id if self.user.team_id else None
        self.fields["custody_suite"].queryset = CustodySuite.objects.filter(area_id=area_id).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("location") != Location.CUSTODY_SUITE:
            data["custody_suite"] = None
        return data


class SubstancesForm(SectionForm):
    slug = "substances"
    main_substance = radio(Substance.choices, "Main drug", "Select the main drug")
    main_route = radio(Route.choices, "Route of the main drug", "Select how the main drug is taken", required=False)
    main_days = number("Days the main drug was used in the last 28 days", 0, 28, required=False)
    second_substance = radio(Substance.choices, "Second drug (optional)", "Select the second drug", required=False)
    second_route = radio(Route.choices, "Route of the second drug", "Select how the second drug is taken", required=False)
    second_days = number("Days the second drug was used in the last 28 days", 0, 28, required=False)
    third_substance = radio(Substance.choices, "Third drug (optional)", "Select the third drug", required=False)
    third_route = radio(Route.choices, "Route of the third drug", "Select how the third drug is taken", required=False)
    third_days = number("Days the third drug was used in the last 28 days", 0, 28, required=False)

    class Meta:
        model = Assessment
        fields = [f"{rank}_{part}" for rank in ("main", "second", "third") for part in ("substance", "route", "days")]


class AlcoholForm(SectionForm):
    slug = "alcohol"
    alcohol_days = number("Drinking days in the last 28 days", 0, 28)
    alcohol_units_daily = number(
        "Average units of alcohol on a drinking day", 0, 200, help_text="A pint of strong lager is about 3 units"
    )

    class Meta:
        model = Assessment
        fields = ["alcohol_days", "alcohol_units_daily"]


class InjectingForm(SectionForm):
    slug = "injecting"
    injecting_status = radio(InjectingStatus.choices, "Injecting status", "Select the injecting status")
    injecting_days = number("Days injected in the last 28 days", 0, 28, required=False,
                            help_text="Only when currently injecting")
    shared_equipment = radio(YesNoUnknown.choices, "Shared injecting equipment in the last 28 days",
                             "Select whether injecting equipment was shared", required=False,
                             help_text="Only when currently injecting")

    class Meta:
        model = Assessment
        fields = ["injecting_status", "injecting_days", "shared_equipment"]

    def clean(self):
        data = super().clean()
        status = data.get("injecting_status")
        if status and status != InjectingStatus.CURRENT:  # answers that no longer apply
            data["injecting_days"], data["shared_equipment"] = None, ""
        return data


class TreatmentForm(SectionForm):
    slug = "treatment"
    previously_in_treatment = radio(YesNoUnknown.choices, "Previously in structured treatment",
                                    "Select whether the client was previously in structured treatment")
    currently_in_treatment = radio(YesNoUnknown.choices, "Currently in treatment",
                                   "Select whether the client is currently in treatment")
    current_provider = forms.CharField(label="Current treatment provider", required=False, max_length=200,
                                       error_messages={"max_length": "Enter 200 characters or fewer"})
    last_treatment_ended_on = SplitDateField(label="Date the last treatment ended", required=False, past_only=True)

    class Meta:
        model = Assessment
        fields = ["previously_in_treatment", "currently_in_treatment", "current_provider", "last_treatment_ended_on"]


class NeedsForm(SectionForm):
    slug = "needs"
    accommodation = radio(Accommodation.choices, "Accommodation need", "Select the accommodation need")
    employment = radio(Employment.choices, "Employment status", "Select the employment status")
    has_children = radio(YesNoUnknown.choices, "Has children under 18", "Select whether the client has children")
    children_living_with_client = number("Children living with the client", 0, 20, required=False,
                                         help_text="Only when the client has children")
    children_services_involved = radio(YesNoUnknown.choices, "Children in contact with early help or social care",
                                       "Select whether the children are in contact with early help or social care",
                                       required=False)
    pregnant = radio(Pregnancy.choices, "Pregnant", "Select whether the client is pregnant")
    mental_health_need = radio(YesNoUnknown.choices, "Mental health treatment need",
                               "Select whether there is a mental health treatment need")
    mental_health_treatment = radio(YesNoUnknown.choices, "Receiving mental health treatment",
                                    "Select whether the client receives mental health treatment")

    class Meta:
        model = Assessment
        fields = ["accommodation", "employment", "has_children", "children_living_with_client",
                  "children_services_involved", "pregnant", "mental_health_need", "mental_health_treatment"]

    def clean(self):
        data = super().clean()
        if data.get("has_children") and data["has_children"] != YesNoUnknown.YES:  # answers that no longer apply
            data["children_living_with_client"], data["children_services_involved"] = None, ""
        return data


class RisksForm(SectionForm):
    slug = "risks"
    overdose_risk = radio(RiskLevel.choices, "Risk of overdose", "Select the risk of overdose")
    self_harm_risk = radio(RiskLevel.choices, "Risk of self-harm or suicide", "Select the risk of self-harm")
    harm_to_others_risk = radio(RiskLevel.choices, "Risk of harm to others", "Select the risk of harm to others")
    safeguarding_risk = radio(RiskLevel.choices, "Safeguarding or vulnerability concern",
                              "Select the level of safeguarding concern")
    risk_detail = text("Details of the risks", 5000, help_text="Required when any risk is medium or high")

    class Meta:
        model = Assessment
        fields = ["overdose_risk", "self_harm_risk", "harm_to_others_risk", "safeguarding_risk", "risk_detail"]


class OffendingForm(SectionForm):
    slug = "offending"
    current_offences = text("Current offences", 2000, help_text="For example, Theft Act 1968 s1 (shoplifting)")
    iom_ppo = radio(YesNoUnknown.choices, "In an IOM or PPO cohort", "Select whether the client is in an IOM or PPO cohort")
    on_licence_or_order = radio(YesNoUnknown.choices, "On licence or a community order",
                                "Select whether the client is on licence or a community order")

    class Meta:
        model = Assessment
        fields = ["current_offences", "iom_ppo", "on_licence_or_order"]


class OutcomeForm(SectionForm):
    slug = "outcome"
    outcome = radio(Outcome.choices, "Outcome", "Select the outcome of the assessment")
    care_plan_summary = text("Care plan summary", 5000, help_text="What was agreed and the next steps")

    class Meta:
        model = Assessment
        fields = ["outcome", "care_plan_summary"]


NO_CHANGE = "unchanged"


class ConsentForm(forms.Form):
    """A new decision per consent scope, written as Consent rows when the assessment is completed."""

    def __init__(self, *args, assessment: Assessment, user, in_force: dict | None = None, **kwargs):
        self.assessment = assessment
        self.user = user
        answers = assessment.consent_answers or {}
        initial = {}
        for scope, _label in Consent.Scope.choices:
            answer = answers.get(scope) or {}
            initial[f"{scope}_decision"] = answer.get("decision", NO_CHANGE)
            initial[f"{scope}_date"] = _parse_date(answer.get("decided_on"))
        super().__init__(*args, initial=initial, **kwargs)
        in_force = in_force or {}
        for scope, label in Consent.Scope.choices:
            current = in_force.get(scope)
            hint = f"In force: {current.get_decision_display().lower()} on {current.decided_on:%-d %B %Y}" if current \
                else "No decision recorded"
            self.fields[f"{scope}_decision"] = radio(
                [(NO_CHANGE, "No new decision"), *Consent.Decision.choices], f"Consent: {label.lower()}",
                f"Select the client's decision about {label.lower()}", help_text=hint,
            )
            self.fields[f"{scope}_date"] = SplitDateField(
                label=f"Date of the decision about {label.lower()}", required=False, past_only=True)
        self.helper = build_helper(self)

    def clean(self):
        data = super().clean()
        for scope, label in Consent.Scope.choices:
            decision = data.get(f"{scope}_decision")
            if decision and decision != NO_CHANGE and not data.get(f"{scope}_date") and f"{scope}_date" not in self.errors:
                self.add_error(f"{scope}_date", f"Enter the date of the decision about {label.lower()}")
        return data

    def answers(self) -> dict:
        out = {}
        for scope, _label in Consent.Scope.choices:
            decision = self.cleaned_data.get(f"{scope}_decision")
            if decision and decision != NO_CHANGE:
                out[scope] = {"decision": decision, "decided_on": self.cleaned_data[f"{scope}_date"].isoformat()}
        return out

    def as_data(self) -> dict:
        return as_data(self)


class NotesForm(forms.Form):
    text = text("Continuity-of-care notes", 10000, rows=8,
                help_text="Only your team can read these, and other teams only with the client's consent "
                          "or a recorded legal basis")

    def __init__(self, *args, assessment: Assessment, user, note_text: str = "", **kwargs):
        self.assessment = assessment
        self.user = user
        super().__init__(*args, initial={"text": note_text}, **kwargs)
        self.helper = build_helper(self)

    def as_data(self) -> dict:
        return as_data(self)


class SharingBasisForm(forms.Form):
    """A legal basis for another team to read this team's continuity notes without consent."""

    team = forms.ModelChoiceField(
        queryset=None, label="Team to share the notes with", empty_label="Select a team",
        error_messages={"required": "Select the team to share the notes with",
                        "invalid_choice": "Select a team from the list"},
    )
    reason = radio(SharingBasis.Reason.choices, "Legal basis", "Select the legal basis")
    detail = text("Details of the legal basis", 2000, required=True,
                  help_text="Why sharing without consent is necessary, and who decided")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["detail"].error_messages["required"] = "Enter the details of the legal basis"
        self.helper = build_helper(self)


def _parse_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type


SECTIONS = [
    Section("context", "Context", ContextForm),
    Section("substances", "Drug use", SubstancesForm),
    Section("alcohol", "Alcohol", AlcoholForm),
    Section("injecting", "Injecting", InjectingForm),
    Section("treatment", "Treatment history", TreatmentForm),
    Section("needs", "Needs", NeedsForm),
    Section("risks", "Risks", RisksForm),
    Section("offending", "Offending", OffendingForm),
    Section("consent", "Consent", ConsentForm),
    Section("outcome", "Outcome", OutcomeForm),
    Section("notes", "Continuity-of-care notes", NotesForm),
]
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def section_form(section: Section, assessment: Assessment, user, data=None, *, in_force=None, note_text=""):
    """The section's form, bound to `data` when given, with what the consent and notes sections need."""
    kwargs = {"assessment": assessment, "user": user}
    if section.form is ConsentForm:
        kwargs["in_force"] = in_force
    if section.form is NotesForm:
        kwargs["note_text"] = note_text
    return section.form(data, **kwargs)


def next_section(slug: str) -> Section | None:
    slugs = [s.slug for s in SECTIONS]
    index = slugs.index(slug) + 1
    return SECTIONS[index] if index < len(SECTIONS) else None
