"""After-care: recovery support after a treatment journey ends well (domain.md §3.5, §4.5 RECOVERY_SUPPORT).

An episode (provider, start, end and reason) and its sessions by kind with attendance. Sessions have
no ref of their own: they are part of their episode (spec/interchange.md `aftercare` `sessions`).
"""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from clients.models import ClientScopedQuerySet, client_visibility_q
from dip.models import Area, Provider, new_ref


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed"
    DISENGAGED = "disengaged", "Disengaged"
    MOVED_AWAY = "moved_away", "Moved away"
    RETURNED_TO_TREATMENT = "returned_to_treatment", "Returned to treatment"
    OTHER = "other", "Other"


class SessionKind(models.TextChoices):
    SMART_RECOVERY = "smart_recovery", "SMART Recovery"
    MUTUAL_AID = "mutual_aid", "Mutual aid"
    PEER_LED = "peer_led", "Peer-led"
    ONE_TO_ONE = "one_to_one", "One-to-one"


class AftercareQuerySet(ClientScopedQuerySet):
    def started_in(self, start: datetime.date, end: datetime.date) -> "AftercareQuerySet":
        """Episodes started in the half-open period [start, end) of local dates."""
        return self.filter(started_on__gte=start, started_on__lt=end)

    def open_on(self, day: datetime.date) -> "AftercareQuerySet":
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)

    def for_team(self, team) -> "AftercareQuerySet":
        return self.filter(provider__team=team)

    def for_user(self, user) -> "AftercareQuerySet":
        """The scoping rule for after-care pages: the client is visible, and a treatment team sees only the
        after-care of its own services (as referrals_for does for referrals)."""
        qs = self.visible_to(user)
        team = getattr(user, "team", None)
        if team is not None and team.kind == team.Kind.TREATMENT:
            qs = qs.for_team(team)
        return qs


class AftercareSessionQuerySet(ClientScopedQuerySet):
    def visible_to(self, user) -> "AftercareSessionQuerySet":
        return self.filter(client_visibility_q(user, prefix="episode__client__"))

    def attendance_in(self, start: datetime.date, end: datetime.date) -> dict[str, int]:
        """Sessions in [start, end) and how many were attended, in one query: {"sessions": n, "attended": m}."""
        return self.filter(on__gte=start, on__lt=end).aggregate(
            sessions=Count("pk"), attended=Count("pk", filter=Q(attended=True))
        )


class Aftercare(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="aftercare")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="aftercare")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="aftercare")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="aftercare",
        help_text="The treatment journey this support follows.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AftercareQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["area", "started_on"], name="throughcare_aftercare_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | Q(ended_on__isnull=False, end_reason__in=EndReason.values),
                name="throughcare_aftercare_reason_with_end",
            ),
        ]

    def __str__(self) -> str:
        return f"After-care for {self.client} with {self.provider} from {self.started_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("throughcare:aftercare-detail", kwargs={"pk": self.pk})

    def rule_errors(self, sessions: list[datetime.date] | None = None) -> dict[str, list[str]]:
        """Every rule of spec/interchange.md this episode breaks, by field; `sessions` are the session
        dates in their order (the stored ones when not given and the episode is saved)."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        referral = self.referral  # the cached instance (possibly unsaved, from the import) or None
        if referral is not None:
            if self.client_id and referral.client_id != self.client_id:
                add("referral", "must be a referral of the same client")
            if referral.discharge_date and self.started_on and self.started_on < referral.discharge_date:
                add("started_on", "must not be before the referral's discharge_date")
        if self.ended_on is not None:
            if self.started_on and self.ended_on < self.started_on:
                add("ended_on", "must not be before started_on")
            if not self.end_reason:
                add("end_reason", "required with ended_on")
        elif self.end_reason:
            add("end_reason", "only allowed with ended_on")
        if sessions is None:
            sessions = [s.on for s in self.sessions.all()] if self.pk else []
        if any(later < earlier for earlier, later in zip(sessions, sessions[1:], strict=False)):
            add("sessions", "must be in date order")
        if self.started_on and any(day < self.started_on for day in sessions):
            add("sessions", "must not be before started_on")
        if self.ended_on and any(day > self.ended_on for day in sessions):
            add("sessions", "must not be after ended_on")
        return errors

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class AftercareSession(models.Model):
    """One session of an episode: a group (or one-to-one) session on a day, attended or not."""

    episode = models.ForeignKey(Aftercare, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    attended = models.BooleanField()
    recorded_by = models.ForeignKey("dip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = AftercareSessionQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]  # file order within a day
        constraints = [models.CheckConstraint(condition=Q(kind__in=SessionKind.values), name="throughcare_session_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %B %Y}"
