"""Referrals into structured treatment and the treatment journey that follows (domain.md §3.9, §4.5).

The stored status is exactly the interchange status (spec/interchange.md): a journey that has started
keeps `started` after discharge, and acceptance is a dated fact inside `pending`. The finer `stage`
(awaiting decision, accepted, in treatment, discharged, ...) is derived, and the transitions between
stages live in referrals/transitions.py. Successful completion, transfer and unplanned exit are derived
from the discharge reason, never stored (domain.md §5.6 note: compute each definition at report time).
"""

import datetime

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dip import history
from dip.models import Area, Provider, Team, new_ref
from referrals.querysets import ReasonGroup, ReferralQuerySet, reason_group

# Waiting-time thresholds in days (domain.md §3.9: the national measure is three weeks).
AMBER_FROM_DAYS = 14
RED_AFTER_DAYS = 21


class Source(models.TextChoices):
    CUSTODY_SUITE = "custody_suite", "Custody suite"
    REQUIRED_ASSESSMENT = "required_assessment", "Required assessment"
    COURT = "court", "Court"
    PROBATION = "probation", "Probation"
    PRISON = "prison", "Prison"
    SELF = "self", "Self-referral"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    STARTED = "started", "Started"
    DECLINED_BY_CLIENT = "declined_by_client", "Declined by the client"
    DECLINED_BY_PROVIDER = "declined_by_provider", "Declined by the provider"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A referral in one of these can never start, and a started one never leaves `started` (DB trigger).
CLOSED_UNSTARTED = (Status.DECLINED_BY_CLIENT, Status.DECLINED_BY_PROVIDER, Status.DID_NOT_ATTEND, Status.WITHDRAWN)


class DischargeReason(models.TextChoices):
    COMPLETED_DRUG_FREE = "completed_drug_free", "Completed - drug free"
    COMPLETED_ALCOHOL_FREE = "completed_alcohol_free", "Completed - alcohol free"
    COMPLETED_OCCASIONAL_USER = "completed_occasional_user", "Completed - occasional user (not opiates or crack)"
    TRANSFERRED_NOT_IN_CUSTODY = "transferred_not_in_custody", "Transferred - not in custody"
    TRANSFERRED_IN_CUSTODY = "transferred_in_custody", "Transferred - in custody"
    INCOMPLETE_DROPPED_OUT = "incomplete_dropped_out", "Incomplete - dropped out"
    INCOMPLETE_WITHDRAWN_BY_PROVIDER = "incomplete_withdrawn_by_provider", "Incomplete - treatment withdrawn by provider"
    INCOMPLETE_RETAINED_IN_CUSTODY = "incomplete_retained_in_custody", "Incomplete - retained in custody"
    INCOMPLETE_DECLINED_BY_CLIENT = "incomplete_declined_by_client", "Incomplete - treatment declined by client"
    INCOMPLETE_DIED = "incomplete_died", "Incomplete - client died"


class Intervention(models.TextChoices):
    """What the referrer asks for (domain.md §4.5 intervention categories)."""

    PHARMACOLOGICAL = "pharmacological", "Pharmacological (prescribing, withdrawal)"
    PSYCHOSOCIAL = "psychosocial", "Psychosocial"
    RECOVERY_SUPPORT = "recovery_support", "Recovery support"
    ASSESSMENT = "assessment", "Comprehensive assessment"


class LegalBasis(models.TextChoices):
    """Why a referral may be sent without the client's consent to share with treatment (domain.md 6.2)."""

    SAFEGUARDING = "safeguarding", "Safeguarding"
    VITAL_INTERESTS = "vital_interests", "Vital interests (risk to life)"
    COURT_ORDER = "court_order", "Court order or court requirement"
    STATUTORY = "statutory", "Other statutory duty"


class Stage(models.TextChoices):
    """Where a journey is now: the status refined by acceptance and discharge (derived, never stored)."""

    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    ACCEPTED = "accepted", "Accepted, awaiting start"
    IN_TREATMENT = "in_treatment", "In treatment"
    DISCHARGED = "discharged", "Discharged"
    DECLINED_BY_CLIENT = "declined_by_client", "Declined by the client"
    DECLINED_BY_PROVIDER = "declined_by_provider", "Declined by the provider"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    WITHDRAWN = "withdrawn", "Withdrawn"


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


@history.track()
class Referral(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="referrals")
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The area the referral is reported under (normally the client's area of residence).",
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=30, choices=Source.choices)
    referral_date = models.DateField()
    referring_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        help_text="Empty for imported referrals made outside the application.",
    )
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_intervention = models.CharField(max_length=30, choices=Intervention.choices, blank=True)
    notes = models.TextField(blank=True)
    # Continuity: the required assessment whose outcome was "referred to structured treatment".
    required_assessment = models.ForeignKey(
        "assessments.RequiredAssessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    # Sent without the client's consent to share with treatment (domain.md 6.2): the recorded legal basis.
    legal_basis = models.CharField(max_length=30, choices=LegalBasis.choices, blank=True)
    legal_basis_detail = models.TextField(blank=True)

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PENDING)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    treatment_start_date = models.DateField(null=True, blank=True, help_text="First intervention date.")
    # When the start (a date-only event) was recorded: orders it within its day on the timeline.
    treatment_start_recorded_at = models.DateTimeField(null=True, blank=True)
    discharge_date = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=40, choices=DischargeReason.choices, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"], name="referrals_provider_status"),
            models.Index(fields=["area", "referral_date"], name="referrals_area_date"),
            models.Index(fields=["area", "treatment_start_date"], name="referrals_area_start"),
            models.Index(fields=["area", "discharge_date"], name="referrals_area_discharge"),
        ]
        constraints = [
            # Every row is a possible state, whatever wrote it (form, import, bulk update, raw SQL).
            models.CheckConstraint(condition=_in("status", Status), name="referrals_status_valid"),
            models.CheckConstraint(condition=_in("source", Source), name="referrals_source_valid"),
            models.CheckConstraint(
                condition=Q(discharge_reason="") | _in("discharge_reason", DischargeReason),
                name="referrals_discharge_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.STARTED, treatment_start_date__isnull=False)
                | (~Q(status=Status.STARTED) & Q(treatment_start_date__isnull=True)),
                name="referrals_start_date_iff_started",
            ),
            models.CheckConstraint(
                condition=Q(treatment_start_date__isnull=True) | Q(treatment_start_date__gte=models.F("referral_date")),
                name="referrals_start_not_before_referral",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True)
                | Q(status=Status.STARTED, discharge_date__gte=models.F("treatment_start_date")),
                name="referrals_discharge_after_start",
            ),
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True, discharge_reason="")
                | (Q(discharge_date__isnull=False) & ~Q(discharge_reason="")),
                name="referrals_discharge_reason_with_date",
            ),
            models.CheckConstraint(
                condition=Q(decline_reason="") | Q(status=Status.DECLINED_BY_PROVIDER),
                name="referrals_decline_reason_only_when_declined",
            ),
            # No "one pending referral per client and provider": spec/interchange.md allows two (legacy
            # and partner data have them, issue 8), and the database holds only what the spec allows.
            # A new referral made on a page is refused beside an open journey by referral_create.
        ]
        triggers = [
            pgtrigger.Trigger(
                name="referrals_status_one_way",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
                func=pgtrigger.Func(
                    """
                    IF OLD.status = 'started' THEN
                        RAISE EXCEPTION 'referral %: a started journey cannot go back to %', OLD.ref, NEW.status
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF OLD.status <> 'pending' AND NEW.status = 'started' THEN
                        RAISE EXCEPTION 'referral %: a % referral cannot start', OLD.ref, OLD.status
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                    """
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.provider} on {self.referral_date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:referral-detail", kwargs={"pk": self.pk})

    # Single-record rules (pages, services and the import all ask these) ---------------------------

    def rule_errors(self, *, today: datetime.date | None = None) -> dict[str, list[str]]:
        """Every rule this record breaks, by field (model field names, which are the spec's)."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.referral_date and self.referral_date > (today or local_today()):
            add("referral_date", "The referral date must be today or in the past")
        started = self.status == Status.STARTED
        start, discharge = self.treatment_start_date, self.discharge_date
        if started and start is None:
            add("treatment_start_date", "required when status is started")
        if not started and start is not None:
            add("treatment_start_date", "only allowed when status is started")
        if start is not None and self.referral_date and start < self.referral_date:
            add("treatment_start_date", "must not be before referral_date")
        if discharge is not None:
            if not started:
                add("discharge_date", "only allowed when status is started")
            elif start is not None and discharge < start:
                add("discharge_date", "must not be before treatment_start_date")
            if not self.discharge_reason:
                add("discharge_reason", "required with discharge_date")
        elif self.discharge_reason:
            add("discharge_reason", "only allowed with discharge_date")
        return errors

    # Derived state -------------------------------------------------------------------------------

    @property
    def stage(self) -> str:
        if self.status == Status.PENDING:
            return Stage.ACCEPTED if self.accepted_at else Stage.AWAITING_DECISION
        if self.status == Status.STARTED:
            return Stage.DISCHARGED if self.discharge_date else Stage.IN_TREATMENT
        return Stage(self.status).value

    def get_stage_display(self) -> str:
        return Stage(self.stage).label

    @property
    def is_open(self) -> bool:
        return self.stage in (Stage.AWAITING_DECISION, Stage.ACCEPTED, Stage.IN_TREATMENT)

    @property
    def discharge_group(self) -> str | None:
        """successful / transferred / unplanned, from the discharge reason (the annotation is `reason_group`)."""
        return reason_group(self.discharge_reason)

    @property
    def is_successful_completion(self) -> bool:
        return self.discharge_group == ReasonGroup.SUCCESSFUL

    @property
    def is_transfer(self) -> bool:
        return self.discharge_group == ReasonGroup.TRANSFERRED

    @property
    def is_unplanned_exit(self) -> bool:
        return self.discharge_group == ReasonGroup.UNPLANNED

    # Waiting-time clock --------------------------------------------------------------------------

    def clock_days(self, today: datetime.date | None = None) -> int | None:
        """Days from referral to treatment start; while waiting, to `today` (local date). None once closed unstarted."""
        if self.treatment_start_date:
            return (self.treatment_start_date - self.referral_date).days
        if self.status != Status.PENDING:
            return None
        return max((today or local_today()) - self.referral_date, datetime.timedelta(0)).days

    def wait_band(self, today: datetime.date | None = None) -> str | None:
        return wait_band(self.clock_days(today))


def wait_band(days: int | None) -> str | None:
    """'red' after 21 days, 'amber' from 14, 'green' below; None when there is no clock."""
    if days is None:
        return None
    if days > RED_AFTER_DAYS:
        return "red"
    if days >= AMBER_FROM_DAYS:
        return "amber"
    return "green"


def local_today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def referrals_for(user) -> ReferralQuerySet:
    """The one scoping rule for referral pages: the client is visible, and a provider team sees only the
    referrals addressed to its services (or made by it), not a client's referrals to other providers."""
    qs = Referral.objects.visible_to(user)
    team = getattr(user, "team", None)
    if team is not None and team.kind == team.Kind.TREATMENT:
        qs = qs.filter(Q(provider__team=team) | Q(referring_team=team))
    return qs
