"""Conditional cautions with a drug rehabilitation condition (CJA 2003 ss22-27; domain.md §3.4, §4.6).

The stored fields are the interchange fields (spec/interchange.md `conditional_caution`, its `sessions` list as
CautionSession rows) plus what only the application records: when the failure was reported to the police and the
report's text. Where a caution stands is derived, never stored.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientScopedQuerySet
from dip.models import Area, Team, new_ref

ADULT_AGE = 18


class Condition(models.TextChoices):
    ONE_SESSION = "one_session", "One session with a drugs worker"
    THREE_SESSION = "three_session", "Three sessions with follow-up"


SESSIONS = {Condition.ONE_SESSION: 1, Condition.THREE_SESSION: 3}


class Outcome(models.TextChoices):
    COMPLIED = "complied", "Complied"
    FAILED = "failed", "Failed: reported for a prosecution decision"


class ProsecutionDecision(models.TextChoices):
    PROSECUTED = "prosecuted", "Prosecuted for the original offence"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"


class Stage(models.TextChoices):
    IN_PROGRESS = "in_progress", "Sessions in progress"
    MISSED = "missed", "Session missed, not yet reported to the police"
    COMPLIED = "complied", "Complied"
    FAILED = "failed", "Failed: awaiting the prosecution decision"
    DECIDED = "decided", "Failed: prosecution decided"


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _missed_session():
    return Exists(CautionSession.objects.filter(caution=OuterRef("pk"), attendance=Attendance.MISSED))


class ConditionalCautionQuerySet(ClientScopedQuerySet):
    """Building blocks for commissioners' figures (metrics P14, P15; each one query) and the work queue.
    Periods are half-open [start, end) of local dates."""

    def issued_in(self, start: datetime.date, end: datetime.date) -> "ConditionalCautionQuerySet":
        return self.filter(issued_on__gte=start, issued_on__lt=end)

    def concluded_in(self, start: datetime.date, end: datetime.date) -> "ConditionalCautionQuerySet":
        return self.filter(concluded_on__gte=start, concluded_on__lt=end)

    def outcomes_in(self, start: datetime.date, end: datetime.date) -> dict[str, int]:
        """Cautions concluded in the period by outcome (P15: complied over concluded): one query."""
        return self.concluded_in(start, end).aggregate(
            concluded=models.Count("pk"),
            **{value: models.Count("pk", filter=Q(outcome=value)) for value in Outcome.values},
        )

    def missed_not_reported(self) -> "ConditionalCautionQuerySet":
        """A session missed and the caution not yet concluded: the failure is still to report to the police."""
        return self.filter(_missed_session(), outcome="")

    def in_area(self, area_id: int) -> "ConditionalCautionQuerySet":
        return self.filter(area_id=area_id)


class ConditionalCaution(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="conditional_cautions")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="conditional_cautions",
                             help_text="The police area that issued it.")
    issued_on = models.DateField()
    offence = models.CharField(max_length=200)
    condition = models.CharField(max_length=20, choices=Condition.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    prosecution_decision = models.CharField(max_length=20, choices=ProsecutionDecision.choices, blank=True)
    # Application only: the report of a failure to the police, drafted from the record and checked by the worker.
    failure_reported_on = models.DateField(null=True, blank=True)
    report_text = models.TextField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionalCautionQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["area", "issued_on"], name="assessments_caution_issued"),
            models.Index(fields=["area", "concluded_on"], name="assessments_caution_concluded"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", concluded_on__isnull=True) | (~Q(outcome="") & Q(concluded_on__isnull=False)),
                name="assessments_caution_concluded_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Conditional caution for {self.client} issued {self.issued_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:caution-detail", kwargs={"pk": self.pk})

    def rule_errors(self, sessions: list[tuple[datetime.datetime, str]]) -> dict[str, list[str]]:
        """Every rule of spec/interchange.md this record breaks, by spec field, with `sessions` as
        (scheduled_at, attendance or "") in the record's order; the page and the import ask it."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        try:
            client = self.client
        except ObjectDoesNotExist:
            client = None
        if client is not None and self.issued_on and client.age_on(self.issued_on) < ADULT_AGE:
            add("client", f"must be aged {ADULT_AGE} or over on issued_on")
        wanted = SESSIONS.get(self.condition)
        if wanted is not None and len(sessions) != wanted:
            add("sessions", f"a {self.condition} condition has exactly {wanted} session{'s' if wanted > 1 else ''}")
        times = [moment for moment, _ in sessions]
        if times != sorted(times):
            add("sessions", "must be in time order")
        if self.issued_on and any(local_date(moment) < self.issued_on for moment in times):
            add("sessions", "none may be on a local date before issued_on")
        attendance = [value for _, value in sessions]
        if self.outcome == Outcome.COMPLIED and (not attendance or any(a != Attendance.ATTENDED for a in attendance)):
            add("outcome", "complied only when every session was attended")
        if self.outcome == Outcome.FAILED and Attendance.MISSED not in attendance:
            add("outcome", "failed only when a session was missed")
        if self.outcome and self.concluded_on is None:
            add("concluded_on", "required with outcome")
        if not self.outcome and self.concluded_on is not None:
            add("concluded_on", "only allowed with outcome")
        recorded = [local_date(moment) for moment, value in sessions if value]
        if self.concluded_on and recorded and self.concluded_on < max(recorded):
            add("concluded_on", "must not be before the local date of the last session whose attendance is recorded")
        if self.prosecution_decision and self.outcome != Outcome.FAILED:
            add("prosecution_decision", "only allowed when the outcome is failed")
        return errors

    # Derived state ---------------------------------------------------------------------------------

    def session_list(self) -> list["CautionSession"]:
        """Sessions in order (from a prefetch when there is one)."""
        return sorted(self.sessions.all(), key=lambda s: s.number)

    def stage_of(self, sessions: list["CautionSession"]) -> str:
        if self.outcome == Outcome.COMPLIED:
            return Stage.COMPLIED
        if self.outcome == Outcome.FAILED:
            return Stage.DECIDED if self.prosecution_decision else Stage.FAILED
        return Stage.MISSED if any(s.attendance == Attendance.MISSED for s in sessions) else Stage.IN_PROGRESS

    def get_stage_display(self) -> str:
        return Stage(self.stage_of(self.session_list())).label


class CautionSession(models.Model):
    """One session of the condition: scheduled, then attended or missed."""

    caution = models.ForeignKey(ConditionalCaution, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    scheduled_at = models.DateTimeField()
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["caution", "number"]
        indexes = [models.Index(fields=["attendance", "scheduled_at"], name="assessments_caution_due")]
        constraints = [
            models.UniqueConstraint(fields=["caution", "number"], name="assessments_caution_session_unique"),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} at {timezone.localtime(self.scheduled_at):%-d %B %Y %H:%M}"

    @property
    def local_date(self) -> datetime.date:
        return local_date(self.scheduled_at)
