"""Helpers for assessment tests: a complete set of valid answers and quick ways to make assessments."""

import datetime

from django.utils import timezone

from assessments.models.assessment import Assessment, ContinuityNote
from clients.models import Client

VALID = {
    "assessment_type": "initial_ra", "assessed_on": datetime.date(2026, 3, 2), "location": "community",
    "trigger": "required_assessment",
    "main_substance": "opiates", "main_route": "smoke", "main_days": 20,
    "second_substance": "crack", "second_route": "smoke", "second_days": 6,
    "alcohol_units_daily": 4, "alcohol_days": 10,
    "injecting_status": "previous",
    "previously_in_treatment": "yes", "currently_in_treatment": "no",
    "accommodation": "housing_problem", "employment": "unemployed", "has_children": "no", "pregnant": "not_applicable",
    "mental_health_need": "no", "mental_health_treatment": "no",
    "overdose_risk": "low", "self_harm_risk": "none", "harm_to_others_risk": "none", "safeguarding_risk": "none",
    "current_offences": "Theft Act 1968 s1", "iom_ppo": "no", "on_licence_or_order": "no",
    "outcome": "referred_structured_treatment",
}


def make_client(area, **kwargs) -> Client:
    values = {"given_name": "Ada", "family_name": "Assess", "date_of_birth": "1988-04-09", "sex": "F", "area": area}
    return Client.objects.create(**{**values, **kwargs})


def make_assessment(client, user, *, completed=True, note="", **overrides) -> Assessment:
    values = {**VALID, **overrides}
    status = Assessment.Status.COMPLETED if completed else Assessment.Status.DRAFT
    assessment = Assessment.objects.create(
        client=client, team=user.team, assessor=user, status=status,
        completed_at=timezone.now() if completed else None, **values,
    )
    if note:
        ContinuityNote.objects.create(assessment=assessment, client=client, team=user.team, text=note)
    return assessment
