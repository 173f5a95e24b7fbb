"""Continuity: a referral made from a required-assessment outcome "referred to structured treatment" starts
prefilled from that assessment (`?from_required_assessment=<pk>` on the create page).

The RequiredAssessment model belongs to the custody concern (assessments/models/required.py). Until it exists
this seam answers None and the page is an ordinary empty form; `find_assessment` is the one place that
knows the model's shape.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from referrals.models import Source

REFERRED_OUTCOME = "referred_structured_treatment"


@dataclass(frozen=True)
class Prefill:
    required_assessment_id: int
    initial: dict = field(default_factory=dict)
    summary: str = ""


def required_assessment_model():
    try:
        return apps.get_model("assessments", "RequiredAssessment")
    except LookupError:
        return None


def find_assessment(user, client, pk: int):
    """The user's visible required assessment `pk` of this client whose outcome is a referral, or None."""
    model = required_assessment_model()
    if model is None:
        return None
    assessment = model.objects.visible_to(user).filter(pk=pk).first()
    if assessment is None or assessment_client_id(assessment) != client.pk:
        return None
    if getattr(assessment, "outcome", None) != REFERRED_OUTCOME:
        return None
    return assessment


def assessment_client_id(assessment) -> int | None:
    if getattr(assessment, "client_id", None):
        return assessment.client_id
    drug_test = getattr(assessment, "drug_test", None)
    return getattr(drug_test, "client_id", None)


def awaiting_referral(user, client) -> list:
    """This client's visible required assessments with the outcome "referred to structured treatment" from
    which no referral has been made yet (links on the client page). One query."""
    model = required_assessment_model()
    if model is None:
        return []
    return list(
        model.objects.visible_to(user)
        .filter(client=client, outcome=REFERRED_OUTCOME, referrals__isnull=True)
        .order_by("-imposed_at")[:5]
    )


def prefill(user, client, raw_pk: str | None, *, finder=None) -> Prefill | None:
    """Initial values for the referral form from a required assessment; None for junk or out-of-scope ids."""
    if not raw_pk or not raw_pk.isdigit() or len(raw_pk) > 18:
        return None
    assessment = (finder or find_assessment)(user, client, int(raw_pk))
    if assessment is None:
        return None
    imposed = getattr(assessment, "imposed_at", None)
    summary = "From the required assessment"
    if imposed:
        summary += f" imposed on {timezone.localtime(imposed):%-d %B %Y}"
    decided = getattr(assessment, "outcome_recorded_at", None)
    initial = {
        "source": Source.REQUIRED_ASSESSMENT,
        "referral_date": timezone.localdate(decided) if decided else timezone.localdate(),
        "notes": f"{summary}: outcome referred to structured treatment.",
    }
    return Prefill(required_assessment_id=assessment.pk, initial=initial, summary=summary)
