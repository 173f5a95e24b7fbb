"""The rules of each assessment section, written once: the section pages (their forms) ask them of what
the worker typed, and the completion service (assessments.services.assessment) of what is stored, with
no request and no form. Input parsing (dates, numbers, choices) stays in the forms.
"""

from collections.abc import Collection, Mapping
from typing import Any

from assessments.models.assessment import Assessment, InjectingStatus, Location, Pregnancy, RiskLevel, Route, YesNoUnknown
from clients.models import Sex

# The answers each section needs, in section order (the forms mark the same fields required: tested).
REQUIRED = {
    "context": ["assessment_type", "assessed_on", "location", "trigger"],
    "substances": ["main_substance"],
    "alcohol": ["alcohol_days", "alcohol_units_daily"],
    "injecting": ["injecting_status"],
    "treatment": ["previously_in_treatment", "currently_in_treatment"],
    "needs": ["accommodation", "employment", "has_children", "pregnant", "mental_health_need",
              "mental_health_treatment"],
    "risks": ["overdose_risk", "self_harm_risk", "harm_to_others_risk", "safeguarding_risk"],
    "offending": ["iom_ppo", "on_licence_or_order"],
    "consent": [],
    "outcome": ["outcome"],
    "notes": [],
}
RANKS = (("main", None), ("second", "main"), ("third", "second"))
MISSING = "Complete the section"


def stored_values(assessment: Assessment) -> dict[str, Any]:
    """{field name: stored value} (a foreign key as its id, so reading it costs no query)."""
    return {field.name: getattr(assessment, field.attname) for field in Assessment._meta.concrete_fields}


def section_errors(slug: str, values: Mapping[str, Any], *, client_sex: str = "",
                   skip: Collection[str] = ()) -> dict[str, list[str]]:
    """{field: [messages]} for the section's rules across its answers.

    `skip`: fields whose input a form already refused; they get no second message and rules reading them wait.
    """
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        if field not in skip:
            errors.setdefault(field, []).append(message)

    def blank(field: str) -> bool:
        return values.get(field) in (None, "")

    if slug == "context":
        if values.get("location") == Location.CUSTODY_SUITE and blank("custody_suite"):
            refuse("custody_suite", "Select the custody suite")
    elif slug == "substances":
        seen = set()
        for rank, previous in RANKS:
            substance = values.get(f"{rank}_substance")
            if not substance:
                if not (blank(f"{rank}_route") and blank(f"{rank}_days")):
                    refuse(f"{rank}_substance", f"Select the {rank} drug, or clear its route and days")
                continue
            if previous and blank(f"{previous}_substance") and f"{previous}_substance" not in skip:
                refuse(f"{rank}_substance", f"Record the {previous} drug before the {rank} drug")
            if substance in seen:
                refuse(f"{rank}_substance", "Each drug can be recorded only once")
            seen.add(substance)
            if blank(f"{rank}_route"):
                refuse(f"{rank}_route", f"Select how the {rank} drug is taken")
            if values.get(f"{rank}_days") is None:
                refuse(f"{rank}_days", f"Enter the days the {rank} drug was used, from 0 to 28")
    elif slug == "alcohol":
        if values.get("alcohol_days") == 0 and values.get("alcohol_units_daily"):
            refuse("alcohol_units_daily", "Enter 0 units when there were no drinking days")
    elif slug == "injecting":
        status = values.get("injecting_status")
        if status == InjectingStatus.CURRENT:
            if values.get("injecting_days") is None:
                refuse("injecting_days", "Enter the days injected in the last 28 days, from 0 to 28")
            if blank("shared_equipment"):
                refuse("shared_equipment", "Select whether injecting equipment was shared")
        injects = any(values.get(f"{rank}_route") == Route.INJECT for rank, _ in RANKS)
        if injects and status == InjectingStatus.NEVER:
            refuse("injecting_status", "A drug is recorded as injected, so the client has injected")
    elif slug == "treatment":
        if values.get("currently_in_treatment") == YesNoUnknown.YES and not (values.get("current_provider") or "").strip():
            refuse("current_provider", "Enter the current treatment provider")
    elif slug == "needs":
        if values.get("has_children") == YesNoUnknown.YES:
            if values.get("children_living_with_client") is None:
                refuse("children_living_with_client", "Enter how many children live with the client")
            if blank("children_services_involved"):
                refuse("children_services_involved",
                       "Select whether the children are in contact with early help or social care")
        if values.get("pregnant") == Pregnancy.YES and client_sex == Sex.MALE:
            refuse("pregnant", "The client is recorded as male: select no or not applicable")
    elif slug == "risks":
        levels = [values.get(f) for f in ("overdose_risk", "self_harm_risk", "harm_to_others_risk", "safeguarding_risk")]
        if any(level in (RiskLevel.MEDIUM, RiskLevel.HIGH) for level in levels) and not (
            values.get("risk_detail") or ""
        ).strip():
            refuse("risk_detail", "Describe the risks: at least one is medium or high")
    return errors


def section_problems(assessment: Assessment) -> dict[str, list[str]]:
    """{section slug: [messages]} for every section whose stored answers are missing or break its rules."""
    values = stored_values(assessment)
    sex = assessment.client.sex
    problems = {}
    for slug, required in REQUIRED.items():
        messages = [MISSING for name in required if values.get(name) in (None, "")][:1]
        messages += [m for found in section_errors(slug, values, client_sex=sex).values() for m in found]
        if messages:
            problems[slug] = messages
    return problems
