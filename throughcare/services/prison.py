"""Prison release pick-up: record the period, plan the release, alert, release, first contact and treatment."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import ClientRelation, Consent
from clients.services import client_relate
from dip import audit, permissions
from dip.models import AuditEvent
from throughcare.models import PrisonRelease

# The plan's recipients and the consent scope each needs (domain.md §3.5, §6.2: formally consented only).
RECIPIENTS = {
    "plan_shared_with_probation": (Consent.Scope.SHARE_WITH_PROBATION, "probation"),
    "plan_shared_with_treatment": (Consent.Scope.SHARE_WITH_TREATMENT, "treatment providers"),
}
# What each step records, and the fields a page may send for it.
STEPS = {
    "period": ("prison", "reception_date", "status", "expected_release_date"),  # a correction of the period
    "plan": ("release_plan_date", "plan_summary", *RECIPIENTS),
    "alert": ("alerted_on",),
    "release": ("release_date", "release_type"),
    "contact": ("first_contact_date",),
    "treatment": ("first_treatment_date",),
}
FACT_DATES = ("reception_date", "release_plan_date", "alerted_on", "release_date", "first_contact_date", "first_treatment_date")


def may_record(user) -> bool:
    """Community drug workers (and their team's manager) keep the hand-over on release."""
    return permissions.can_keep_prison_releases(user)


def consent_in_force(client, scope: str) -> Consent | None:
    """The latest decision for a scope (by decided_on, then entry order), or None. One query."""
    return Consent.objects.filter(client=client, scope=scope).order_by("-decided_on", "-id").first()


def relate_release_area(release: PrisonRelease) -> None:
    """The community team of the release area sees the client from release planning on (access-model.md)."""
    starts = release.planning_starts
    relation, created = ClientRelation.objects.get_or_create(
        client_id=release.client_id, area_id=release.area_id, reason=ClientRelation.Reason.RELEASED_TO,
        defaults={"visible_from": starts},
    )
    if not created and relation.visible_from is not None and relation.visible_from > starts:
        relation.visible_from = starts
        relation.save(update_fields=["visible_from"])


def _check(release: PrisonRelease, today: datetime.date) -> None:
    errors = release.rule_errors()
    for field in FACT_DATES:  # a page records what has happened (an import may carry history only)
        value = getattr(release, field)
        if value is not None and value > today:
            errors.setdefault(field, []).append("The date must be today or in the past")
    if release.expected_release_date and release.expected_release_date < release.reception_date:
        errors.setdefault("expected_release_date", []).append("The expected release must not be before the reception")
    if errors:
        raise ValidationError(errors)
    release.full_clean(validate_constraints=False)


@transaction.atomic
def prison_release_create(
    *, user, client, prison: str, reception_date: datetime.date, status: str,
    expected_release_date: datetime.date | None = None, area=None,
) -> PrisonRelease:
    """A period in prison, released (when it happens) to `area` (default: the user's team's area)."""
    if not may_record(user):
        raise PermissionDenied
    release = PrisonRelease(
        client=client, area=area or user.team.area, prison=prison.strip(), reception_date=reception_date, status=status,
        expected_release_date=expected_release_date, recorded_by_team=user.team,
    )
    _check(release, timezone.localdate())
    release.save()
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.RECORDED)
    relate_release_area(release)
    audit.record(None, AuditEvent.Action.CREATE, release, user=user, client=client, detail={"prison": release.prison})
    return release


@transaction.atomic
def prison_release_record(*, user, release: PrisonRelease, step: str, **values) -> PrisonRelease:
    """Record one step of the hand-over (`STEPS`): the plan, the alert, the release, first contact or treatment,
    or correct the period itself (prison, reception, status, expected release)."""
    if not may_record(user):
        raise PermissionDenied
    if step not in STEPS or set(values) - set(STEPS[step]):
        raise ValueError(f"step {step!r} does not record {sorted(values)}")
    # Two workers at once: the second sees the first one's dates.
    release = PrisonRelease.objects.select_for_update(of=("self",)).select_related("client").get(pk=release.pk)
    for field, value in values.items():
        setattr(release, field, value.strip() if isinstance(value, str) else value)
    if step == "plan":
        _check_recipients(release)
    _check(release, timezone.localdate())
    release.save()
    relate_release_area(release)
    audit.record(
        None, AuditEvent.Action.UPDATE, release, user=user, client=release.client,
        detail={"step": step, **{k: str(v) for k, v in values.items() if k != "plan_summary"}},
    )
    return release


def _check_recipients(release: PrisonRelease) -> None:
    errors = {}
    for field, (scope, label) in RECIPIENTS.items():
        if getattr(release, field):
            consent = consent_in_force(release.client, scope)
            if consent is None or consent.decision != Consent.Decision.GIVEN:
                state = "no decision is recorded" if consent is None else f"the decision in force is {consent}".lower()
                errors[field] = [f"The client has not consented to sharing with {label} ({state}): the plan cannot go to them"]
    if errors:
        raise ValidationError(errors)
