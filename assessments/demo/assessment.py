"""Demo assessments for the custody worker: two completed (one with notes and consent) and a draft. Idempotent."""

import datetime

from django.utils import timezone

from assessments.models.assessment import Assessment, ContinuityNote
from clients.models import Client, ClientRelation, Consent
from clients.services import client_relate
from dip.models import Team

CLIENTS = [
    ("DEMO-ASSESS-C1", "Jordan", "Whitfield", "1986-07-14", "M"),
    ("DEMO-ASSESS-C2", "Kerry", "Ashdown", "1992-11-03", "F"),
]
BASE = {
    "assessment_type": "initial_ra", "location": "custody_suite", "trigger": "required_assessment",
    "main_substance": "opiates", "main_route": "smoke", "main_days": 24, "second_substance": "crack",
    "second_route": "smoke", "second_days": 8, "alcohol_units_daily": 2, "alcohol_days": 4,
    "injecting_status": "previous", "previously_in_treatment": "yes", "currently_in_treatment": "no",
    "accommodation": "housing_problem", "employment": "unemployed", "has_children": "no", "pregnant": "not_applicable",
    "mental_health_need": "yes", "mental_health_treatment": "no", "overdose_risk": "medium", "self_harm_risk": "low",
    "harm_to_others_risk": "none", "safeguarding_risk": "none",
    "risk_detail": "Recently released from prison: reduced tolerance. Naloxone offered.",
    "current_offences": "Theft Act 1968 s1 (shoplifting)", "iom_ppo": "yes", "on_licence_or_order": "no",
}


def seed(context: dict) -> None:
    worker = context["users"]["custody"]
    area = context["areas"]["DOR"]
    team = context["teams"]["DOR", Team.Kind.CUSTODY]
    suite = team.custody_suites.first()
    clients = []
    for ref, given, family, born, sex in CLIENTS:
        client, _ = Client.objects.get_or_create(
            ref=ref, defaults={"given_name": given, "family_name": family, "date_of_birth": born, "sex": sex, "area": area},
        )
        client_relate(client=client, team=team, reason=ClientRelation.Reason.RECORDED)
        clients.append(client)
    today = timezone.localdate()
    first = _completed("DEMO-ASSESS-1", clients[0], worker, team, suite, today - datetime.timedelta(days=120),
                       outcome="brief_intervention", note="")
    _completed("DEMO-ASSESS-2", clients[0], worker, team, suite, today - datetime.timedelta(days=9),
               outcome="referred_structured_treatment", prefilled_from=first,
               note="Prefers afternoon appointments. Sister (lives nearby) is the main support.",
               consent={"ndtms": "given", "share_with_treatment": "given", "share_with_probation": "refused"})
    if not Assessment.objects.filter(ref="DEMO-ASSESS-3").exists() and not Assessment.objects.drafts_of(worker).filter(
        client=clients[1]
    ).exists():
        Assessment.objects.create(
            ref="DEMO-ASSESS-3", client=clients[1], team=team, assessor=worker, assessment_type="voluntary",
            assessed_on=today, location="custody_suite", custody_suite=suite, trigger="voluntary_cell_sweep",
            main_substance="cocaine", main_route="sniff", main_days=6, sections_done=["context", "substances"],
        )


def _completed(ref, client, worker, team, suite, day, *, outcome, note, prefilled_from=None, consent=None):
    existing = Assessment.objects.filter(ref=ref).first()
    if existing is not None:
        return existing
    answers = {scope: {"decision": decision, "decided_on": day.isoformat()} for scope, decision in (consent or {}).items()}
    assessment = Assessment.objects.create(
        ref=ref, client=client, team=team, assessor=worker, status=Assessment.Status.COMPLETED,
        completed_at=timezone.now() - (timezone.localdate() - day), assessed_on=day, custody_suite=suite,
        outcome=outcome, prefilled_from=prefilled_from, consent_answers=answers,
        sections_done=["context", "substances", "alcohol", "injecting", "treatment", "needs", "risks", "offending",
                       "consent", "outcome", "notes"],
        **BASE,
    )
    for scope, answer in answers.items():
        Consent.objects.create(client=client, scope=scope, decision=answer["decision"], decided_on=day, recorded_by=worker)
    if note:
        ContinuityNote.objects.create(assessment=assessment, client=client, team=team, text=note)
    return assessment
