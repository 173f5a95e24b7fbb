"""Prison releases and after-care on the client page (timeline, actions), on the referral page (after-care
offered from a successful discharge) and in the community team's work queue.

Imported by `autodiscover_modules("hooks")` (DipConfig.ready()); each provider uses a constant number of queries.
"""

import datetime
from functools import partial
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from clients import actions, timeline
from clients.timeline import Entry
from dip import permissions, work_queue
from referrals import actions as referral_actions
from referrals.models import referrals_for
from throughcare.access import aftercare_for, releases_for
from throughcare.models import PICK_UP_DAYS, PLANNING_DAYS
from throughcare.services import aftercare as aftercare_services
from throughcare.services import prison as prison_services

QUEUE_LIMIT = 20


def release_entries(client, user):
    """Each prison period: reception, plan, release, first contact and treatment after release. One query."""
    entries = []
    for r in releases_for(user).filter(client=client):
        entry = partial(Entry, url=r.get_absolute_url(), recorded_at=r.created_at)  # date-only events
        entries.append(entry(r.reception_date, "Prison", f"Received into {r.prison}", r.get_status_display()))
        if r.release_plan_date:
            entries.append(entry(r.release_plan_date, "Release plan", "Release plan made"))
        if r.release_date:
            entries.append(entry(r.release_date, "Release", f"Released from {r.prison}", r.get_release_type_display()))
        if r.first_contact_date:
            within = "within" if r.picked_up_in_time() else "after more than"
            entries.append(entry(r.first_contact_date, "Pick-up", "First contact after release",
                                 f"{r.days_since_release()} days after release ({within} {PICK_UP_DAYS} days)"))
        if r.first_treatment_date:
            entries.append(entry(r.first_treatment_date, "Treatment", "First treatment after release"))
    return entries


def aftercare_entries(client, user):
    """After-care start and end, with sessions attended, after the discharge it follows. One query."""
    entries = []
    episodes = aftercare_for(user).filter(client=client).select_related("provider").annotate(
        session_count=Count("sessions"), attended_count=Count("sessions", filter=Q(sessions__attended=True))
    )
    for e in episodes:
        entry = partial(Entry, url=e.get_absolute_url(), recorded_at=e.created_at)  # date-only events
        entries.append(entry(e.started_on, "After-care", f"After-care started with {e.provider.name}",
                             f"{e.attended_count} of {e.session_count} sessions attended"))
        if e.ended_on:
            entries.append(entry(e.ended_on, "After-care", "After-care ended", e.get_end_reason_display()))
    return entries


timeline.register(release_entries)
timeline.register(aftercare_entries)


def unplanned_releases_section(user):
    """For a community team: releases to its area in the next six weeks (or overdue) with no plan yet. One query."""
    if not permissions.can_keep_prison_releases(user):
        return None
    today = timezone.localdate()
    releases = releases_for(user).in_area(user.team.area_id).unplanned_due(today).select_related("client")
    items = [
        work_queue.Item(
            label=f"{r.client}, expected out {r.expected_release_date:%-d %b %Y}", client_id=r.client_id,
            url=reverse("throughcare:release-step", kwargs={"pk": r.pk, "step": "plan"}),
            action="Record the release plan",
            due=r.expected_release_date,
            overdue=r.expected_release_date <= today,
            hint=f"{r.prison}; {(r.expected_release_date - today).days} days to the expected release",
        )
        for r in releases.order_by("expected_release_date", "id")[:QUEUE_LIMIT]
    ]
    return work_queue.Section(
        title=f"Releases in the next {PLANNING_DAYS // 7} weeks without a plan", items=items,
        empty="No release due without a plan.",
    )


def awaiting_contact_section(user):
    """For a community team: released to its area and not yet contacted, with the pick-up clock. One query."""
    if not permissions.can_keep_prison_releases(user):
        return None
    today = timezone.localdate()
    releases = releases_for(user).in_area(user.team.area_id).awaiting_contact().select_related("client")
    items = []
    for r in releases.order_by("release_date", "id")[:QUEUE_LIMIT]:
        days = r.days_since_release(today)
        items.append(work_queue.Item(
            label=f"{r.client}, released {r.release_date:%-d %b %Y}", client_id=r.client_id,
            url=reverse("throughcare:release-step", kwargs={"pk": r.pk, "step": "contact"}),
            action="Record first contact",
            due=r.release_date + datetime.timedelta(days=PICK_UP_DAYS),
            overdue=r.pick_up_overdue(today),
            hint=f"{days} day{'s' if days != 1 else ''} since release (pick up within {PICK_UP_DAYS} days)",
        ))
    return work_queue.Section(title="Released and not yet contacted", items=items, empty="Everyone released has been contacted.")


work_queue.register(unplanned_releases_section, order=70)
work_queue.register(awaiting_contact_section, order=75)


@actions.register(order=50)
def throughcare_actions(client, user):
    """Record a prison period (community teams); start after-care, prefilled from each successful discharge
    by the team's services not yet followed by after-care (treatment teams). At most one query."""
    if prison_services.may_record(user):
        yield actions.Action("Record a prison period", reverse("throughcare:release-create", kwargs={"client_pk": client.pk}))
    if aftercare_services.may_record(user):
        create = reverse("throughcare:aftercare-create", kwargs={"client_pk": client.pk})
        discharged = referrals_for(user).filter(client=client, provider__team=user.team, discharge_date__isnull=False,
                                                aftercare__isnull=True).select_related("provider")
        for referral in discharged:
            if referral.is_successful_completion:
                yield actions.Action(
                    "Start after-care", f"{create}?{urlencode({'referral': referral.pk})}",
                    hidden=f"after {referral.provider.name}",
                    hint=f"(discharged {referral.discharge_date:%-d %B %Y}: {referral.get_discharge_reason_display()})",
                )
        yield actions.Action("Start after-care", create)


@referral_actions.register(order=10)
def offer_aftercare(referral, user):
    """On a successful discharge by the user's own service not yet followed by after-care: after-care in one
    step, prefilled (one query)."""
    if (referral.discharge_date and referral.is_successful_completion and aftercare_services.may_record(user)
            and referral.provider.team_id == user.team_id and not referral.aftercare.exists()):
        url = reverse("throughcare:aftercare-create", kwargs={"client_pk": referral.client_id})
        yield referral_actions.Action("Offer after-care", f"{url}?{urlencode({'referral': referral.pk})}",
                                      hint="(prefilled from this discharge)")
