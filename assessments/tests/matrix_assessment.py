"""Permission-matrix routes for assessments (see dip/tests/matrix.py)."""

from dip.tests.matrix import CASEWORK, Route

AUTHOR = {"custody_worker"}  # drafts are per worker: only their author opens them


def build(world):
    from django.utils import timezone

    from assessments.models.assessment import Assessment, ContinuityNote
    from dip import roles
    from dip.models import Team
    from dip.tests.factories import UserFactory

    custody = world.teams[Team.Kind.CUSTODY]
    author = world.users["custody_worker"]
    other_author = UserFactory(username="mx_other_custody", role=roles.CUSTODY_WORKER, team=world.other_custody)
    world.assessment = Assessment.objects.create(
        client=world.client, team=custody, assessor=author, status=Assessment.Status.COMPLETED,
        completed_at=timezone.now(), outcome="brief_intervention",
    )
    ContinuityNote.objects.create(assessment=world.assessment, client=world.client, team=custody, text="Matrix note")
    world.assessment_draft = Assessment.objects.create(client=world.client, team=custody, assessor=author)
    world.other_assessment = Assessment.objects.create(
        client=world.other_client, team=world.other_custody, assessor=other_author, status=Assessment.Status.COMPLETED,
    )
    world.other_assessment_draft = Assessment.objects.create(
        client=world.other_client, team=world.other_custody, assessor=other_author,
    )


def _draft(w, section=None):
    return {"pk": w.assessment_draft.pk, **({"section": section} if section else {})}


ROUTES = [
    Route("assessments:assessment-start", get=CASEWORK, post=CASEWORK, audited=True,
          kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    Route("assessments:assessment-detail", get=CASEWORK | {"dpo"}, audited=True,
          kwargs=lambda w: {"pk": w.assessment.pk}, other=lambda w: {"pk": w.other_assessment.pk}),
    Route("assessments:assessment-section", get=AUTHOR, post=AUTHOR, audited=True,
          kwargs=lambda w: _draft(w, "context"),
          other=lambda w: {"pk": w.other_assessment_draft.pk, "section": "context"}),
    Route("assessments:assessment-check", get=AUTHOR, post=AUTHOR, audited=True,
          kwargs=_draft, other=lambda w: {"pk": w.other_assessment_draft.pk}),
    Route("assessments:assessment-discard", get=AUTHOR, post=AUTHOR, audited=True,
          kwargs=_draft, other=lambda w: {"pk": w.other_assessment_draft.pk}),
    Route("assessments:assessment-sharing", get={"custody_worker", "team_manager"}, post={"custody_worker", "team_manager"},
          audited=True, kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    Route("assessments:assessment-correct", post={"custody_worker", "team_manager"},
          kwargs=lambda w: {"pk": w.assessment.pk}, other=lambda w: {"pk": w.other_assessment.pk}),
]
