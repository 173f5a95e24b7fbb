"""Drug Rehabilitation Requirements: the order, its appointments, tests, warnings, breaches and reviews.

reference/domain.md §3.8 and §4.7; the interchange types drr_order, drr_appointment, drr_test,
drr_warning and drr_breach (spec/interchange.md), whose field names these models keep. Single-record
rules are each model's rule_errors(); the clocks and the schedule are pure functions in clocks.py.
Tests under an order live here, not in testing/: they hang on the order, and testing sits below
supervision in the app layers.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dip import history
from dip.models import Area, Provider, Team, new_ref
from supervision import clocks
from supervision.querysets import DrrOrderQuerySet, DrrScopedQuerySet

FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


class RuleMixin:
    def clean(self) -> None:
        errors = self.rule_errors()
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, *, complete: bool = True) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for field, message in self.rules(complete):
            errors.setdefault(field, []).append(message)
        return errors

    def rules(self, complete: bool):  # pragma: no cover - every model overrides it
        return ()


@history.track()
class DrrOrder(RuleMixin, models.Model):
    class OrderType(models.TextChoices):
        COMMUNITY_ORDER = "community_order", "Community order"
        SUSPENDED_SENTENCE_ORDER = "suspended_sentence_order", "Suspended sentence order"

    class Intensity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class TerminationReason(models.TextChoices):
        COMPLETED = "completed", "Completed"
        REVOKED_GOOD_PROGRESS = "revoked_good_progress", "Revoked for good progress"
        REVOKED_BREACH = "revoked_breach", "Revoked on breach"
        REVOKED_FURTHER_OFFENCE = "revoked_further_offence", "Revoked for a further offence"
        TRANSFERRED = "transferred", "Transferred"
        DIED = "died", "Died"
        OTHER = "other", "Other"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="drr_orders")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="drr_orders",
                             help_text="The probation area that supervises the order.")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="drr_orders",
                             limit_choices_to={"kind": Team.Kind.PROBATION},
                             help_text="The supervising probation team; empty for imported orders not yet allocated.")
    responsible_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="drr_orders")
    order_type = models.CharField(max_length=30, choices=OrderType.choices)
    court = models.CharField(max_length=200)
    sentence_date = models.DateField()
    start_date = models.DateField(help_text="Start of the treatment and testing period.")
    end_date = models.DateField(help_text="End of the treatment and testing period.")
    intensity = models.CharField(max_length=10, choices=Intensity.choices)
    residential = models.BooleanField(default=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="drr_orders",
                                 help_text="The treatment provider.")
    later_tests_per_week = models.PositiveSmallIntegerField(
        default=1, help_text="Tests a week after the first 16 weeks, as set by the officer.")
    termination_date = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(max_length=30, choices=TerminationReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DrrOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            # The caseload (officer and team) of current orders.
            models.Index(fields=["team", "responsible_officer"], name="supervision_order_caseload",
                         condition=models.Q(termination_date__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"DRR {self.ref}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:order-detail", kwargs={"pk": self.pk})

    @property
    def reviews_required(self) -> bool:
        return bool(self.start_date and self.end_date) and clocks.reviews_required(self.start_date, self.end_date)

    @property
    def low_band_or_residential(self) -> bool:
        return self.intensity == self.Intensity.LOW or self.residential

    @property
    def is_open(self) -> bool:
        return self.termination_date is None

    def rules(self, complete: bool):
        if self.sentence_date and self.start_date and self.start_date < self.sentence_date:
            yield "start_date", "The start date must not be before the sentence date"
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                yield "end_date", "The end date must be after the start date"
            elif clocks.period_too_long(self.start_date, self.end_date):
                yield "end_date", "The treatment and testing period must be at most 3 years"
        if self.termination_date and not self.termination_reason:
            yield "termination_reason", "Select the reason the order ended"
        if self.termination_reason and not self.termination_date:
            yield "termination_date", "Enter the date the order ended"
        if complete and self.team_id and self.team.kind != Team.Kind.PROBATION:
            yield "team", "Select a probation team"


class Outcome(models.TextChoices):
    ATTENDED = "attended", "Attended"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Acceptable absence"
    UNACCEPTABLE_ABSENCE = "unacceptable_absence", "Unacceptable absence"
    AWAITING_EVIDENCE = "awaiting_evidence", "Absent, awaiting evidence"
    RESCHEDULED_BY_SERVICE = "rescheduled_by_service", "Rescheduled by the service"


@history.track()
class DrrAppointment(RuleMixin, models.Model):
    class Kind(models.TextChoices):
        OFFENDER_MANAGER = "offender_manager", "Offender manager"
        TREATMENT = "treatment", "Treatment"
        GROUP = "group", "Group"
        REVIEW_HEARING = "review_hearing", "Review hearing"

    Outcome = Outcome

    class AbsenceReason(models.TextChoices):
        ILLNESS = "illness", "Illness"
        EMPLOYMENT = "employment", "Employment"
        CARING = "caring", "Caring responsibilities"
        COURT_OR_POLICE = "court_or_police", "Court or police"
        CUSTODY = "custody", "In custody"
        RELIGIOUS_OBSERVANCE = "religious_observance", "Religious observance"
        BEREAVEMENT = "bereavement", "Bereavement"
        OTHER = "other", "Other"

    DURATION = datetime.timedelta(hours=1)  # for clash checks

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    drr_order = models.ForeignKey(DrrOrder, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scheduled_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    series = models.UUIDField(null=True, blank=True, help_text="Shared by the appointments of one recurring series.")
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True, help_text="Blank: not yet recorded.")
    absence_reason = models.CharField(max_length=30, choices=AbsenceReason.choices, blank=True)
    evidence = models.TextField(blank=True, help_text="The evidence seen for an acceptable absence.")
    notes = models.TextField(blank=True)
    # Set only when an outcome is recorded in the application: the enforcement engine acts on these
    # and never on imported history (spec/interchange.md).
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrrScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [models.Index(fields=["drr_order", "scheduled_at"], name="supervision_appt_order_at")]

    def __str__(self) -> str:
        when = timezone.localtime(self.scheduled_at) if self.scheduled_at else None
        return f"{self.get_kind_display()} appointment{f' on {when:%-d %B %Y %H:%M}' if when else ''}"

    @property
    def scheduled_day(self) -> datetime.date:
        return clocks.local_date(self.scheduled_at)

    @property
    def evidence_due(self) -> datetime.date | None:
        if self.outcome != Outcome.AWAITING_EVIDENCE or not self.scheduled_at:
            return None
        return clocks.evidence_due(self.scheduled_day)

    @property
    def is_failure(self) -> bool:
        return self.outcome == Outcome.UNACCEPTABLE_ABSENCE

    def rules(self, complete: bool):
        if self.outcome and self.scheduled_at and self.scheduled_at > timezone.now() + FUTURE_TOLERANCE:
            yield "outcome", "An outcome cannot be recorded before the appointment's time"
        if complete and self.outcome == Outcome.ACCEPTABLE_ABSENCE:
            if not self.absence_reason:
                yield "absence_reason", "Select the reason for the absence"
            if not self.evidence.strip():
                yield "evidence", "Enter the evidence seen for the absence"
        if self.outcome not in (Outcome.ACCEPTABLE_ABSENCE, Outcome.AWAITING_EVIDENCE) and self.absence_reason:
            yield "absence_reason", "A reason is only recorded for an absence awaiting evidence or accepted"


class Substance(models.TextChoices):
    OPIATES = "opiates", "Opiates"
    COCAINE = "cocaine", "Cocaine"
    AMPHETAMINE = "amphetamine", "Amphetamine"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    CANNABIS = "cannabis", "Cannabis"
    OTHER = "other", "Other"


@history.track()
class DrrTest(RuleMixin, models.Model):
    """A test directed under the order; blank outcome while directed and not yet done."""

    class Outcome(models.TextChoices):
        TAKEN = "taken", "Taken"
        REFUSED = "refused", "Refused"
        FAILED_TO_ATTEND = "failed_to_attend", "Failed to attend"
        INVALID = "invalid", "Invalid or adulterated"

    class Result(models.TextChoices):
        NEGATIVE = "negative", "Negative"
        POSITIVE = "positive", "Positive"

    class DirectedBy(models.TextChoices):
        RESPONSIBLE_OFFICER = "responsible_officer", "Responsible officer"
        TREATMENT_DIRECTOR = "treatment_director", "Treatment director"

    Substance = Substance
    # The responsible officer is told of every result: statutory, no consent needed (access-model.md).
    NOTIFICATION_BASIS = "Statutory: DRR test result for the responsible officer (Sentencing Act 2020 Sch 9)"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    drr_order = models.ForeignKey(DrrOrder, on_delete=models.CASCADE, related_name="tests")
    taken_at = models.DateTimeField(help_text="When taken; when directed, if not taken.")
    directed_by = models.CharField(max_length=30, choices=DirectedBy.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, help_text="Blank: directed, not yet done.")
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    # In the order given (the interchange round trip keeps it).
    substances = ArrayField(models.CharField(max_length=20, choices=Substance.choices), default=list, blank=True)
    officer_told_at = models.DateTimeField(null=True, blank=True)
    officer_told_basis = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrrScopedQuerySet.as_manager()

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["drr_order", "taken_at"], name="supervision_test_order_at")]

    def __str__(self) -> str:
        return f"DRR test {self.ref}"

    @property
    def result_display(self) -> str:
        if self.outcome != self.Outcome.TAKEN:
            return self.get_outcome_display() or "Directed"
        if self.result == self.Result.POSITIVE and self.substances:
            labels = dict(Substance.choices)
            return "Positive: " + ", ".join(labels.get(s, s).lower() for s in self.substances)
        return self.get_result_display()

    def rules(self, complete: bool):
        if self.outcome and self.taken_at and self.taken_at > timezone.now() + FUTURE_TOLERANCE:
            yield "outcome", "An outcome cannot be recorded before the test's time"
        if self.outcome == self.Outcome.TAKEN and not self.result:
            yield "result", "Select the result"
        if self.outcome != self.Outcome.TAKEN and self.result:
            yield "result", "A result is only recorded for a test taken"
        if self.substances and self.result != self.Result.POSITIVE:
            yield "substances", "Substances are only recorded for a positive result"
        if len(set(self.substances)) != len(self.substances):
            yield "substances", "Each substance once"


class FailureRuleMixin(RuleMixin):
    """Warnings and breaches answer an unacceptable absence of the same order."""

    def failure_or_none(self):
        return self.failure if self.failure_id is not None or _cached(self, "failure") else None

    def failure_rules(self):
        failure = self.failure_or_none()
        if failure is None:
            return
        if self.drr_order_id is not None or _cached(self, "drr_order"):
            mine = self.drr_order  # in an import, either may be an unsaved record earlier in the file
            if mine.pk is not None and failure.drr_order_id is not None:
                same = failure.drr_order_id == mine.pk
            else:
                same = _cached(failure, "drr_order") and failure.drr_order is mine
            if not same:
                yield "failure", "The failure must be an appointment of the same order"
        if failure.outcome != Outcome.UNACCEPTABLE_ABSENCE:
            yield "failure", "The failure must be an appointment recorded as an unacceptable absence"


def _cached(obj, name: str) -> bool:
    return obj._meta.get_field(name).is_cached(obj)


@history.track()
class DrrWarning(FailureRuleMixin, models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    drr_order = models.ForeignKey(DrrOrder, on_delete=models.CASCADE, related_name="warnings")
    failure = models.ForeignKey(DrrAppointment, on_delete=models.PROTECT, related_name="warnings")
    issued_on = models.DateField()
    letter = models.TextField(blank=True, help_text="The warning letter as issued.")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrrScopedQuerySet.as_manager()

    class Meta:
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"Warning issued {self.issued_on:%-d %B %Y}"

    @property
    def expires_on(self) -> datetime.date:
        return clocks.add_months(self.issued_on, clocks.WARNING_VALID_MONTHS)

    def rules(self, complete: bool):
        yield from self.failure_rules()
        if self.issued_on and (failure := self.failure_or_none()) and self.issued_on < failure.scheduled_day:
            yield "issued_on", "A warning cannot be issued before the failure"
        if complete and not self.letter.strip():
            yield "letter", "Enter the text of the warning letter"


@history.track()
class DrrBreach(FailureRuleMixin, models.Model):
    class Outcome(models.TextChoices):
        ORDER_CONTINUED = "order_continued", "Order continued"
        AMENDED = "amended", "Amended (more onerous requirements)"
        EXTENDED = "extended", "Extended"
        REVOKED_RESENTENCED = "revoked_resentenced", "Revoked and re-sentenced"
        WITHDRAWN = "withdrawn", "Withdrawn"
        NOT_PROVEN = "not_proven", "Not proven"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    drr_order = models.ForeignKey(DrrOrder, on_delete=models.CASCADE, related_name="breaches")
    failure = models.ForeignKey(DrrAppointment, on_delete=models.PROTECT, related_name="breaches")
    initiated_on = models.DateField()
    summary = models.TextField(blank=True, help_text="The officer's summary for the breach pack.")
    court_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    initiated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrrScopedQuerySet.as_manager()

    class Meta:
        ordering = ["initiated_on", "id"]

    def __str__(self) -> str:
        return f"Breach initiated {self.initiated_on:%-d %B %Y}"

    @property
    def deadline(self) -> datetime.date:
        return clocks.breach_deadline(self.failure.scheduled_day)

    @property
    def on_time(self) -> bool:
        return self.initiated_on <= self.deadline

    def rules(self, complete: bool):
        yield from self.failure_rules()
        if self.initiated_on and (failure := self.failure_or_none()) and self.initiated_on < failure.scheduled_day:
            yield "initiated_on", "Breach action cannot start before the failure"
        if complete and self.outcome and not self.court_date:
            yield "court_date", "Enter the date of the court hearing"


class DrrReview(RuleMixin, models.Model):
    """A review hearing and the written progress report before it (not part of the interchange)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Order continues"
        AMEND = "amend", "Order amended"
        PROGRESS_NOTED = "progress_noted", "Progress noted (commended)"
        BREACH_REFERRED = "breach_referred", "Referred for breach"
        REVOKE_GOOD_PROGRESS = "revoke_good_progress", "Revoked for good progress"

    drr_order = models.ForeignKey(DrrOrder, on_delete=models.CASCADE, related_name="reviews")
    hearing_date = models.DateField()
    court = models.CharField(max_length=200)
    with_hearing = models.BooleanField(default=True)
    progress = models.TextField(blank=True, help_text="The officer's progress narrative.")
    provider_view = models.TextField(blank=True, help_text="The treatment provider's view, entered by the provider.")
    provider_view_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    recommendation = models.TextField(blank=True)
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrrScopedQuerySet.as_manager()

    class Meta:
        ordering = ["hearing_date", "id"]

    def __str__(self) -> str:
        return f"Review hearing {self.hearing_date:%-d %B %Y}"

    def rules(self, complete: bool):
        if self.outcome and self.hearing_date and self.hearing_date > timezone.localdate():
            yield "outcome", "The outcome is recorded after the hearing"
