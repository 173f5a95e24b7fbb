"""Restriction on Bail elsewhere: the work queue (offers awaiting the court, broken conditions not yet reported),
the client page's actions and timeline, and the drug test page's next step. Imported by assessments/hooks.py;
each provider uses a constant number of queries."""

from functools import partial

from django.urls import reverse
from django.utils import timezone

from assessments.models.bail import BailRestriction, Compliance
from clients import actions, timeline
from dip import permissions, work_queue
from testing import actions as drug_test_actions

QUEUE_LIMIT = 100
KIND = "Restriction on Bail"


def _area_restrictions(user):
    return BailRestriction.objects.visible_to(user).in_area(user.team.area_id).select_related("client")


def awaiting_court_section(user):
    """Order 32: offers made in the user's area that the court has not yet decided on. One query."""
    if not permissions.can_work_court_routes(user):
        return None
    offers = _area_restrictions(user).awaiting_decision().order_by("offered_on", "id")[:QUEUE_LIMIT]
    items = [
        work_queue.Item(
            label=f"{r.client}, offered {r.offered_on:%-d %b %Y}", due=r.offered_on, client_id=r.client_id,
            url=reverse("assessments:bail-step", kwargs={"pk": r.pk, "step": "decision"}),
            action="Record the court's decision", hint=f"{r.court}: {r.get_response_display().lower()}",
        )
        for r in offers
    ]
    return work_queue.Section("Restriction on Bail offers awaiting the court's decision", items,
                              empty="No offer is waiting for the court's decision.")


def not_reported_section(user):
    """Order 34: bail conditions broken (assessment missed, follow-up dropped) not yet reported to court. One query."""
    if not permissions.can_work_court_routes(user):
        return None
    broken = _area_restrictions(user).not_reported().order_by("decided_on", "id")[:QUEUE_LIMIT]
    items = [
        work_queue.Item(
            label=f"{r.client}, {r.get_compliance_display().lower()}", overdue=True, client_id=r.client_id,
            url=reverse("assessments:bail-step", kwargs={"pk": r.pk, "step": "report"}),
            action="Check and print the report to the court",
            hint=f"{r.court}; bail with the condition from {r.decided_on:%-d %B %Y}"
                 + (f"; assessment was due {timezone.localtime(r.assessment_at):%-d %B %Y %H:%M}"
                    if r.compliance == Compliance.FAILED_TO_ATTEND_ASSESSMENT and r.assessment_at else ""),
        )
        for r in broken
    ]
    return work_queue.Section("Bail conditions broken and not yet reported to court", items,
                              empty="No broken bail condition waits to be reported.")


work_queue.register(awaiting_court_section, order=32)
work_queue.register(not_reported_section, order=34)


@timeline.register
def bail_entries(client, user):
    """The offer, the decision, compliance and the end of each restriction. One query."""
    entries = []
    for r in BailRestriction.objects.visible_to(user).filter(client=client):
        url = r.get_absolute_url()
        entry = partial(timeline.Entry, recorded_at=r.created_at)  # date-only events (clients.timeline)
        entries.append(entry(r.offered_on, KIND, f"Assessment offered at {r.court}",
                             r.get_response_display(), url))
        if r.court_decision:
            entries.append(entry(r.decided_on, KIND, r.get_court_decision_display(), "", url))
        if r.reported_to_court_on:
            entries.append(entry(r.reported_to_court_on, KIND, "Failure reported to the court",
                                 r.get_compliance_display(), url))
        if r.ended_on:
            entries.append(entry(r.ended_on, KIND, "Restriction ended", "", url))
    return entries


@actions.register(order=25)
def bail_actions(client, user):
    if permissions.can_work_court_routes(user):
        yield actions.Action("Record a Restriction on Bail offer",
                             reverse("assessments:bail-create", kwargs={"client_pk": client.pk}))


@drug_test_actions.register(order=20)
def bail_from_test(test, user):
    """A positive test of an adult may lead to a Restriction on Bail offer at court (no query)."""
    if permissions.can_work_court_routes(user) and test.is_positive and test.is_adult:
        url = reverse("assessments:bail-create", kwargs={"client_pk": test.client_id})
        yield drug_test_actions.Action("Record a Restriction on Bail offer", f"{url}?test={test.pk}")
