"""A period in prison and the hand-over to the community on release (domain.md §3.5, §4.6 CustodyPeriod).

The stored fields are exactly the interchange fields (spec/interchange.md `prison_release`) plus the
release plan's content and recipients, which only the application records. Where a period stands
(`stage`) and the pick-up clock are derived, never stored.
"""

import datetime

from django.db import models
from django.db.models import F, Func, IntegerField, Q
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientScopedQuerySet
from dip.models import Area, Team, new_ref

# Release planning starts about six weeks before release (domain.md §3.5, [S26]).
PLANNING_DAYS = 42
# "Picked up within 7 days of release": first community contact no later than release date + 7.
PICK_UP_DAYS = 7


class Status(models.TextChoices):
    REMAND = "remand", "Remand"
    SENTENCED = "sentenced", "Sentenced"


class ReleaseType(models.TextChoices):
    LICENCE = "licence", "On licence"
    END_OF_SENTENCE = "end_of_sentence", "End of sentence"
    COURT = "court", "From court"
    HOME_DETENTION_CURFEW = "home_detention_curfew", "Home detention curfew"


class Stage(models.TextChoices):
    IN_CUSTODY = "in_custody", "In custody"
    PLANNING = "planning", "Release planning due"
    PLANNED = "planned", "Release planned"
    RELEASED = "released", "Released, not yet contacted"
    PICKED_UP = "picked_up", "Picked up"
    IN_TREATMENT = "in_treatment", "In treatment after release"


class DaysBetween(Func):
    """`end - start` in whole days (PostgreSQL: date minus date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class Median(models.Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()


class PrisonReleaseQuerySet(ClientScopedQuerySet):
    """Building blocks for the commissioners' figures (each one query) and the work queue."""

    def released_in(self, start: datetime.date, end: datetime.date) -> "PrisonReleaseQuerySet":
        """Released in the half-open period [start, end) of local dates."""
        return self.filter(release_date__gte=start, release_date__lt=end)

    def picked_up_within_7_days(self) -> "PrisonReleaseQuerySet":
        return self.filter(first_contact_date__isnull=False).annotate(
            pick_up_days=DaysBetween(F("first_contact_date"), F("release_date"))
        ).filter(pick_up_days__lte=PICK_UP_DAYS)

    def median_days_to_treatment(self) -> float | None:
        """Median days from release to the first treatment after it, over releases with both dates."""
        return self.filter(release_date__isnull=False, first_treatment_date__isnull=False).aggregate(
            median=Median(DaysBetween(F("first_treatment_date"), F("release_date")))
        )["median"]

    def unplanned_due(self, today: datetime.date) -> "PrisonReleaseQuerySet":
        """Not released, no plan, expected out within the planning window (or already past the expected day)."""
        return self.filter(
            release_date__isnull=True,
            release_plan_date__isnull=True,
            expected_release_date__lte=today + datetime.timedelta(days=PLANNING_DAYS),
        )

    def awaiting_contact(self) -> "PrisonReleaseQuerySet":
        return self.filter(release_date__isnull=False, first_contact_date__isnull=True)

    def in_area(self, area_id: int) -> "PrisonReleaseQuerySet":
        return self.filter(area_id=area_id)


class PrisonRelease(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="prison_releases")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="prison_releases", help_text="The community area the client is released to."
    )
    prison = models.CharField(max_length=100)
    reception_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    expected_release_date = models.DateField(null=True, blank=True)
    release_plan_date = models.DateField(null=True, blank=True)
    alerted_on = models.DateField(null=True, blank=True, help_text="The community team was alerted.")
    release_date = models.DateField(null=True, blank=True)
    release_type = models.CharField(max_length=30, choices=ReleaseType.choices, blank=True)
    first_contact_date = models.DateField(null=True, blank=True)
    first_treatment_date = models.DateField(null=True, blank=True)
    # The plan itself (application only): what it says and who it went to, each recipient consented to.
    plan_summary = models.TextField(blank=True)
    plan_shared_with_probation = models.BooleanField(default=False)
    plan_shared_with_treatment = models.BooleanField(default=False)
    recorded_by_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrisonReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reception_date", "-id"]
        indexes = [
            models.Index(fields=["area", "release_date"], name="throughcare_release_area_date"),
            models.Index(fields=["area", "expected_release_date"], name="throughcare_release_expected"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="throughcare_release_status_valid"),
            models.CheckConstraint(
                condition=Q(release_date__isnull=True, release_type="")
                | Q(release_date__isnull=False, release_type__in=ReleaseType.values),
                name="throughcare_release_type_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.prison} from {self.reception_date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("throughcare:release-detail", kwargs={"pk": self.pk})

    def rule_errors(self) -> dict[str, list[str]]:
        """Every rule of spec/interchange.md this record breaks, by field; the page and the import ask it."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        reception, release = self.reception_date, self.release_date
        if reception:
            for field in ("release_plan_date", "alerted_on", "release_date"):
                value = getattr(self, field)
                if value is not None and value < reception:
                    add(field, "must not be before reception_date")
        if self.release_plan_date and release and self.release_plan_date > release:
            add("release_plan_date", "must not be after release_date")
        if release is None:
            if self.release_type:
                add("release_type", "only allowed with release_date")
            for field in ("first_contact_date", "first_treatment_date"):
                if getattr(self, field) is not None:
                    add(field, "only allowed with release_date")
        else:
            if not self.release_type:
                add("release_type", "required with release_date")
            for field in ("first_contact_date", "first_treatment_date"):
                value = getattr(self, field)
                if value is not None and value < release:
                    add(field, "must not be before release_date")
        return errors

    # Derived state ---------------------------------------------------------------------------------

    @property
    def planning_starts(self) -> datetime.date:
        """When the community team may see and plan for the release: six weeks before the expected
        release, or earlier when planning already happened; for a remand or undated period, at once
        (the triage assessment feeds a basic plan, domain.md §3.5)."""
        dates = [d for d in (self.release_plan_date, self.alerted_on, self.release_date) if d]
        if self.expected_release_date:
            dates.append(self.expected_release_date - datetime.timedelta(days=PLANNING_DAYS))
        return min(dates) if dates else self.reception_date

    def stage_on(self, today: datetime.date) -> str:
        if self.release_date is None:
            if self.release_plan_date:
                return Stage.PLANNED
            return Stage.PLANNING if self.planning_starts <= today else Stage.IN_CUSTODY
        if self.first_contact_date is None:
            return Stage.RELEASED
        return Stage.IN_TREATMENT if self.first_treatment_date else Stage.PICKED_UP

    @property
    def stage(self) -> str:
        return self.stage_on(timezone.localdate())

    def get_stage_display(self) -> str:
        return Stage(self.stage).label

    def days_since_release(self, today: datetime.date | None = None) -> int | None:
        """The pick-up clock: days from release to first contact, or to today while not contacted."""
        if self.release_date is None:
            return None
        end = self.first_contact_date or today or timezone.localdate()
        return (end - self.release_date).days

    def picked_up_in_time(self) -> bool | None:
        """True when first contact came within PICK_UP_DAYS of release; None while not yet contacted."""
        if self.release_date is None or self.first_contact_date is None:
            return None
        return (self.first_contact_date - self.release_date).days <= PICK_UP_DAYS

    def pick_up_overdue(self, today: datetime.date | None = None) -> bool:
        return self.first_contact_date is None and (self.days_since_release(today) or 0) > PICK_UP_DAYS
