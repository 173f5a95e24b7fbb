"""Referrals on the client page (timeline and actions) and in the provider team's work queue.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()); each provider uses a constant number of queries.
"""


from django.urls import reverse
from django.utils import timezone

from clients import actions, timeline
from clients.timeline import Entry
from dip import permissions, work_queue
from referrals.continuity import awaiting_referral
from referrals.models import local_today, referrals_for

QUEUE_LIMIT = 20


def timeline_entries(client, user):
    """Referrals, treatment starts and discharges of this client that the user may see. One query.

    All three are date-only events: shown as dates, ordered within the day by when they were recorded.
    """
    entries = []
    for r in referrals_for(user).filter(client=client).select_related("provider"):
        url = r.get_absolute_url()
        entries.append(Entry(at=r.referral_date, recorded_at=r.created_at, kind="Referral",
                             title=f"Referred to {r.provider.name}",
                             detail=f"{r.get_source_display()}; now {r.get_stage_display().lower()}", url=url))
        if r.treatment_start_date:
            entries.append(Entry(at=r.treatment_start_date, recorded_at=r.treatment_start_recorded_at or r.created_at,
                                 kind="Treatment start", title=f"Started treatment with {r.provider.name}", url=url))
        if r.discharge_date:
            # Discharge ends the journey: the last change of status is its recording.
            entries.append(Entry(at=r.discharge_date, recorded_at=r.status_changed_at or r.created_at, kind="Discharge",
                                 title=f"Discharged by {r.provider.name}", detail=r.get_discharge_reason_display(),
                                 url=url))
    return entries


def new_referrals_section(user):
    """For a treatment provider's team: new referrals to decide, oldest first. Two queries."""
    if not permissions.can_work_referral_queue(user):
        return None
    team = user.team
    queryset = referrals_for(user).for_provider_team(team).awaiting_decision()
    referrals = list(queryset.select_related("client", "provider").order_by("referral_date", "id")[:QUEUE_LIMIT])
    today = local_today()
    items = [
        work_queue.Item(
            label=f"{r.client}, referred {r.referral_date:%-d %b %Y}", client_id=r.client_id,
            url=reverse("referrals:referral-action", kwargs={"pk": r.pk, "action": "accept"}),
            action="Decide",
            due=r.referral_date,
            overdue=(r.clock_days(today) or 0) > 21,
            hint=f"To {r.provider.name}, waiting {r.clock_days(today)} days",
        )
        for r in referrals
    ]
    return work_queue.Section(title="New referrals to decide", items=items, empty="No new referrals to decide.")


timeline.register(timeline_entries)
work_queue.register(new_referrals_section, order=60)


@actions.register(order=40)
def referral_actions(client, user):
    """Refer to treatment, prefilled from each required assessment that ended in a referral not made yet (one query)."""
    if not permissions.can_make_referral(user):
        return
    create = reverse("referrals:referral-create", kwargs={"client_pk": client.pk})
    for assessment in awaiting_referral(user, client):
        yield actions.Action(
            "Refer to treatment", f"{create}?from_required_assessment={assessment.pk}", hidden="from the required assessment",
            hint=f"(required assessment of {timezone.localtime(assessment.imposed_at):%-d %B %Y} ended"
                 ' "referred to structured treatment")',
        )
    yield actions.Action("Refer to treatment", create)
