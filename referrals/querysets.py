"""Referral filters and annotations: scoping, queues, and the building blocks of metrics E1-E5 and O1-O4.

Periods are half-open `[start, end)` local dates (spec/metrics.md). The report adds these up; nothing
here rounds or formats.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Value, When

from clients.models import ClientScopedQuerySet

# metrics.md E5: a referral converts when treatment starts at most 84 days after it.
CONVERSION_DAYS = 84
# metrics.md E3: waited three weeks or less.
WAIT_TARGET_DAYS = 21


# The discharge-reason groups live here, beside the annotation that derives them (referrals.models re-exports them).
class ReasonGroup(models.TextChoices):
    """metrics.md O2 reason groups, in the report's order; derived from the reason's prefix."""

    SUCCESSFUL = "successful", "Successful completion"
    TRANSFERRED = "transferred", "Transferred"
    UNPLANNED = "unplanned", "Unplanned exit"


REASON_GROUP_PREFIX = {
    ReasonGroup.SUCCESSFUL: "completed_",
    ReasonGroup.TRANSFERRED: "transferred_",
    ReasonGroup.UNPLANNED: "incomplete_",
}


def reason_group(reason: str) -> str | None:
    for group, prefix in REASON_GROUP_PREFIX.items():
        if reason and reason.startswith(prefix):
            return group.value
    return None


class DateDiff(Func):
    """`a - b` of two DATE columns in PostgreSQL: a whole number of days (not an interval)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class Median(models.Aggregate):
    """PostgreSQL's exact median (mean of the two middle values for an even count)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()


class ReferralQuerySet(ClientScopedQuerySet):
    """`visible_to(user)` comes from ClientScopedQuerySet: a referral is visible exactly when its client is."""

    # Scoping for the working pages -------------------------------------------------------------

    def for_provider_team(self, team) -> "ReferralQuerySet":
        """Referrals addressed to a service this team works (a provider team sees only those)."""
        if team is None:
            return self.none()
        return self.filter(provider__team=team)

    def made_by_team(self, team) -> "ReferralQuerySet":
        if team is None:
            return self.none()
        return self.filter(referring_team=team)

    def in_area(self, area) -> "ReferralQuerySet":
        """Reported under this area (an Area, its pk, or None for every area)."""
        if area is None:
            return self
        return self.filter(area=area)

    # Stages -------------------------------------------------------------------------------------

    def pending(self) -> "ReferralQuerySet":
        return self.filter(status="pending")

    def awaiting_decision(self) -> "ReferralQuerySet":
        return self.filter(status="pending", accepted_at__isnull=True)

    def open(self) -> "ReferralQuerySet":
        """An open journey: pending, or started and not yet discharged."""
        return self.filter(Q(status="pending") | Q(status="started", discharge_date__isnull=True))

    def open_with(self, *, client, provider) -> "ReferralQuerySet":
        return self.open().filter(client=client, provider=provider)

    def with_days_waiting(self, today: datetime.date) -> "ReferralQuerySet":
        """Annotate `days_waiting`: to treatment start, or to `today` while pending; null when closed unstarted."""
        return self.annotate(
            days_waiting=Case(
                When(treatment_start_date__isnull=False, then=DateDiff(F("treatment_start_date"), F("referral_date"))),
                When(status="pending", then=DateDiff(Value(today, output_field=models.DateField()), F("referral_date"))),
                default=None,
                output_field=IntegerField(),
            )
        )

    # Report building blocks (spec/metrics.md) ----------------------------------------------------

    def referred_between(self, start: datetime.date, end: datetime.date) -> "ReferralQuerySet":
        """E1: referral_date in [start, end)."""
        return self.filter(referral_date__gte=start, referral_date__lt=end)

    def started_between(self, start: datetime.date, end: datetime.date) -> "ReferralQuerySet":
        """E2: treatment_start_date in [start, end)."""
        return self.filter(treatment_start_date__gte=start, treatment_start_date__lt=end)

    def with_wait_days(self) -> "ReferralQuerySet":
        """Annotate `wait_days` = treatment_start_date - referral_date (null before a start)."""
        return self.annotate(wait_days=DateDiff(F("treatment_start_date"), F("referral_date")))

    def waited_at_most(self, days: int = WAIT_TARGET_DAYS) -> "ReferralQuerySet":
        """E3 numerator (on E2's queryset): started within `days` of referral."""
        return self.with_wait_days().filter(wait_days__lte=days)

    def median_wait_days(self) -> float | None:
        """E4: median of wait_days over the started referrals in this queryset (None when there are none)."""
        return self.filter(treatment_start_date__isnull=False).aggregate(
            median=Median(DateDiff(F("treatment_start_date"), F("referral_date")))
        )["median"]

    def converted(self, as_at: datetime.date, within_days: int = CONVERSION_DAYS) -> "ReferralQuerySet":
        """E5 numerator (on E1's queryset): started on or before `as_at` and at most `within_days` after referral."""
        return self.with_wait_days().filter(treatment_start_date__lte=as_at, wait_days__lte=within_days)

    def in_treatment_during(self, start: datetime.date, end: datetime.date) -> "ReferralQuerySet":
        """O1 (count distinct clients): started before `end`, and not discharged before `start`."""
        return self.filter(treatment_start_date__lt=end).filter(Q(discharge_date__isnull=True) | Q(discharge_date__gte=start))

    def discharged_between(self, start: datetime.date, end: datetime.date) -> "ReferralQuerySet":
        """O2: discharge_date in [start, end)."""
        return self.filter(discharge_date__gte=start, discharge_date__lt=end)

    def with_reason_group(self) -> "ReferralQuerySet":
        """Annotate `reason_group` (successful / transferred / unplanned) from the discharge reason's prefix."""
        return self.annotate(
            reason_group=Case(
                *[
                    When(discharge_reason__startswith=prefix, then=Value(group.value))
                    for group, prefix in REASON_GROUP_PREFIX.items()
                ],
                default=None,
                output_field=models.CharField(),
            )
        )

    def in_reason_group(self, group: str) -> "ReferralQuerySet":
        """O3 is `discharged_between(...).in_reason_group("successful")`."""
        return self.filter(discharge_reason__startswith=REASON_GROUP_PREFIX[ReasonGroup(group)])

    def reason_group_counts(self) -> dict[str, int]:
        """O2 by reason_group, every group listed (zeros included), in the report's order."""
        rows = dict(
            self.with_reason_group().exclude(reason_group=None).values_list("reason_group").annotate(n=models.Count("id"))
        )
        return {group.value: rows.get(group.value, 0) for group in ReasonGroup}

    def with_open_journey_elsewhere(self) -> "ReferralQuerySet":
        """Annotate whether the same client has another open journey (used on queues)."""
        others = self.model.objects.open().filter(client=OuterRef("client")).exclude(pk=OuterRef("pk"))
        return self.annotate(has_other_open=Exists(others))
