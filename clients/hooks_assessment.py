"""Assessments on the client timeline and drafts in the work queue (one query each)."""

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.urls import reverse

from clients import timeline
from clients.models_assessment import Assessment
from dip import work_queue

LONDON = ZoneInfo("Europe/London")


def assessment_entries(client, user):
    """Completed assessments, and the user's own drafts (other workers' drafts are private)."""
    rows = (
        Assessment.objects.visible_to(user).filter(client=client)
        .filter(Q(status=Assessment.Status.COMPLETED) | Q(assessor_id=user.pk))
        .select_related("team")
        .only("pk", "status", "assessment_type", "outcome", "completed_at", "created_at", "supersedes_id", "team__name")
    )
    for a in rows:
        if a.is_draft:
            yield timeline.Entry(at=a.created_at, kind="Assessment", title="Draft assessment (not finished)",
                                 detail="Your draft", url=reverse("clients:assessment-detail", kwargs={"pk": a.pk}))
            continue
        title = "Assessment corrected" if a.supersedes_id else "Assessment completed"
        parts = [p for p in (a.get_assessment_type_display(), a.get_outcome_display(), a.team.name) if p]
        yield timeline.Entry(at=a.completed_at, kind="Assessment", title=title, detail=", ".join(parts),
                             url=reverse("clients:assessment-detail", kwargs={"pk": a.pk}))


def drafts_section(user):
    """Order 50: the user's drafts not finished, each linking to continue it."""
    if not getattr(user, "can_change_case_records", False):
        return None
    drafts = (
        Assessment.objects.visible_to(user).drafts_of(user).select_related("client")
        .only("pk", "created_at", "updated_at", "client__given_name", "client__family_name").order_by("updated_at")
    )
    items = [
        work_queue.Item(
            label=f"{d.client.given_name} {d.client.family_name}",
            url=reverse("clients:assessment-detail", kwargs={"pk": d.pk}),
            action="Continue draft assessment",
            hint=f"Last saved {d.updated_at.astimezone(LONDON):%d %B %Y %H:%M}",
        )
        for d in drafts
    ]
    return work_queue.Section(title="Draft assessments not finished", items=items, empty="No draft assessments.")


timeline.register(assessment_entries)
work_queue.register(drafts_section, order=50)
