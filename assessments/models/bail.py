"""Restriction on Bail (Bail Act 1976 Sch 1 paras 6B-6C; domain.md §3.3, §4.6): custody drug workers at court.

The stored fields are exactly the interchange fields (spec/interchange.md `bail_restriction`) plus what only
the application records: the charge, the assessment under the bail condition and its follow-up (from which
the compliance report is drafted) and the report's text. Where a restriction stands is derived, never stored.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientScopedQuerySet
from dip.models import Area, Team, new_ref

ADULT_AGE = 18  # para 6B(1)(a): a defendant aged 18 or over


class Eligibility(models.TextChoices):
    CLASS_A_POSSESSION_CHARGE = (
        "class_a_possession_charge", "Charged with possession of a Class A drug (or with intent to supply)"
    )
    MISUSE_CONTRIBUTED = "misuse_contributed", "Class A misuse caused or contributed to the offence"
    MISUSE_MOTIVATED = "misuse_motivated", "The offence was motivated wholly or partly by Class A misuse"


class Response(models.TextChoices):
    AGREED = "agreed", "Agreed to the assessment and any follow-up"
    REFUSED_ASSESSMENT = "refused_assessment", "Refused the assessment"
    REFUSED_FOLLOW_UP = "refused_follow_up", "Refused the proposed follow-up"


class CourtDecision(models.TextChoices):
    BAIL_WITH_CONDITION = "bail_with_condition", "Bail with the assessment condition"
    REMANDED = "remanded", "Remanded in custody"
    BAIL_NO_SIGNIFICANT_RISK = "bail_no_significant_risk", "Bail: no significant risk of offending on bail"


class Compliance(models.TextChoices):
    COMPLIANT = "compliant", "Complied with the condition"
    FAILED_TO_ATTEND_ASSESSMENT = "failed_to_attend_assessment", "Failed to attend the assessment"
    DISENGAGED_FOLLOW_UP = "disengaged_follow_up", "Disengaged from the follow-up"


FAILURES = (Compliance.FAILED_TO_ATTEND_ASSESSMENT, Compliance.DISENGAGED_FOLLOW_UP)

# After agreeing the court must impose the condition if it grants bail; after a refusal it may grant bail only
# when satisfied there is no significant risk of offending on bail (para 6B(2)-(3)).
ALLOWED_DECISIONS = {
    Response.AGREED: (CourtDecision.BAIL_WITH_CONDITION, CourtDecision.REMANDED),
    Response.REFUSED_ASSESSMENT: (CourtDecision.REMANDED, CourtDecision.BAIL_NO_SIGNIFICANT_RISK),
    Response.REFUSED_FOLLOW_UP: (CourtDecision.REMANDED, CourtDecision.BAIL_NO_SIGNIFICANT_RISK),
}


class AssessmentAttendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    FAILED_TO_ATTEND = "failed_to_attend", "Did not attend"


class FollowUp(models.TextChoices):
    ENGAGED = "engaged", "Engaged with the follow-up"
    DISENGAGED = "disengaged", "Disengaged from the follow-up"


class Stage(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting the court's decision"
    CONDITION = "condition", "Bail with the assessment condition"
    NOT_COMPLIANT = "not_compliant", "Condition broken, not yet reported to court"
    REPORTED = "reported", "Condition broken, reported to court"
    COMPLIANT = "compliant", "Complying with the condition"
    DECIDED = "decided", "Decided"
    ENDED = "ended", "Ended"


def _related(obj, name: str):
    """A foreign key's object, or None when not set (an import line may hold an unsaved one)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _same_client(test, client) -> bool:
    if test.client_id is not None and client.pk is not None:
        return test.client_id == client.pk
    cached = test._state.fields_cache.get("client")  # both from earlier lines of the same import batch
    return cached is client or (cached is not None and cached.pk is not None and cached.pk == client.pk)


class BailRestrictionQuerySet(ClientScopedQuerySet):
    """Building blocks for commissioners' figures (each one query) and the work queue; periods are half-open
    [start, end) of local dates."""

    def offered_in(self, start: datetime.date, end: datetime.date) -> "BailRestrictionQuerySet":
        return self.filter(offered_on__gte=start, offered_on__lt=end)

    def decided_in(self, start: datetime.date, end: datetime.date) -> "BailRestrictionQuerySet":
        return self.filter(decided_on__gte=start, decided_on__lt=end)

    def conditions_imposed_in(self, start: datetime.date, end: datetime.date) -> "BailRestrictionQuerySet":
        """metrics P12: restrictions imposed (bail with the assessment condition) in the period."""
        return self.decided_in(start, end).filter(court_decision=CourtDecision.BAIL_WITH_CONDITION)

    def refused_and_remanded(self) -> "BailRestrictionQuerySet":
        """metrics P13's numerator (over offers): a refusal followed by remand."""
        return self.exclude(response=Response.AGREED).filter(court_decision=CourtDecision.REMANDED)

    def compliance_in(self, start: datetime.date, end: datetime.date) -> dict[str, int]:
        """Conditions imposed in the period by compliance (compliant, each failure, not yet known): one query."""
        counts = self.conditions_imposed_in(start, end).aggregate(
            **{value: models.Count("pk", filter=Q(compliance=value)) for value in Compliance.values},
            not_known=models.Count("pk", filter=Q(compliance="")),
        )
        return counts

    def awaiting_decision(self) -> "BailRestrictionQuerySet":
        return self.filter(court_decision="")

    def not_reported(self) -> "BailRestrictionQuerySet":
        """Conditions broken (assessment missed, or follow-up dropped) and not yet reported to court."""
        return self.filter(court_decision=CourtDecision.BAIL_WITH_CONDITION, compliance__in=FAILURES,
                           reported_to_court_on__isnull=True, ended_on__isnull=True)

    def in_area(self, area_id: int) -> "BailRestrictionQuerySet":
        return self.filter(area_id=area_id)


class BailRestriction(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="bail_restrictions")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="bail_restrictions",
                             help_text="The area of the court.")
    drug_test = models.ForeignKey("testing.DrugTest", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="bail_restrictions", help_text="The qualifying positive test.")
    court = models.CharField(max_length=200)
    charge = models.CharField(max_length=200, blank=True)
    eligibility = models.CharField(max_length=40, choices=Eligibility.choices)
    offered_on = models.DateField(help_text="The relevant assessment was offered.")
    response = models.CharField(max_length=30, choices=Response.choices)
    court_decision = models.CharField(max_length=30, choices=CourtDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    compliance = models.CharField(max_length=40, choices=Compliance.choices, blank=True)
    reported_to_court_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Disposal or sentence.")
    # Application only: the assessment under the condition and its follow-up, and the report drafted from them.
    assessment_at = models.DateTimeField(null=True, blank=True)
    assessment_attendance = models.CharField(max_length=20, choices=AssessmentAttendance.choices, blank=True)
    follow_up = models.CharField(max_length=20, choices=FollowUp.choices, blank=True)
    report_text = models.TextField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BailRestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-id"]
        indexes = [
            models.Index(fields=["area", "offered_on"], name="assessments_bail_area_offered"),
            models.Index(fields=["area", "decided_on"], name="assessments_bail_area_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(court_decision="", decided_on__isnull=True)
                | (~Q(court_decision="") & Q(decided_on__isnull=False)),
                name="assessments_bail_decided_on_with_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Restriction on Bail for {self.client} at {self.court}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:bail-detail", kwargs={"pk": self.pk})

    def rule_errors(self) -> dict[str, list[str]]:
        """Every rule of spec/interchange.md this record breaks, by spec field; the page and the import ask it."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        client = _related(self, "client")
        offered = self.offered_on
        if client is not None and offered and client.age_on(offered) < ADULT_AGE:
            add("client", f"must be aged {ADULT_AGE} or over on offered_on (Restriction on Bail is for adults)")
        test = _related(self, "drug_test")
        if test is not None:
            if client is not None and not _same_client(test, client):
                add("drug_test", "must be a test of the same client")
            elif not test.is_positive:
                add("drug_test", "must be a positive test (after any laboratory confirmation)")
            elif offered and test.request_date and test.request_date > offered:
                add("drug_test", "must be requested on or before offered_on")
        decision = self.court_decision
        if decision:
            if self.response and decision not in ALLOWED_DECISIONS.get(self.response, ()):
                allowed = " or ".join(ALLOWED_DECISIONS[self.response])
                add("court_decision", f"after {self.response} must be {allowed}")
            if self.decided_on is None:
                add("decided_on", "required with court_decision")
            elif offered and self.decided_on < offered:
                add("decided_on", "must not be before offered_on")
        else:
            if self.decided_on is not None:
                add("decided_on", "only allowed with court_decision")
            if self.ended_on is not None:
                add("ended_on", "only allowed with court_decision")
        if self.compliance and decision != CourtDecision.BAIL_WITH_CONDITION:
            add("compliance", "only allowed with bail_with_condition")
        if self.reported_to_court_on is not None:
            if self.compliance not in FAILURES:
                add("reported_to_court_on", "only allowed when compliance is a failure")
            elif self.decided_on and self.reported_to_court_on < self.decided_on:
                add("reported_to_court_on", "must not be before decided_on")
        if self.ended_on is not None and self.decided_on and self.ended_on < self.decided_on:
            add("ended_on", "must not be before decided_on")
        return errors

    # Derived state ---------------------------------------------------------------------------------

    @property
    def stage(self) -> str:
        if self.ended_on:
            return Stage.ENDED
        if not self.court_decision:
            return Stage.AWAITING_DECISION
        if self.court_decision != CourtDecision.BAIL_WITH_CONDITION:
            return Stage.DECIDED
        if self.compliance in FAILURES:
            return Stage.REPORTED if self.reported_to_court_on else Stage.NOT_COMPLIANT
        return Stage.COMPLIANT if self.compliance else Stage.CONDITION

    def get_stage_display(self) -> str:
        return Stage(self.stage).label

    @property
    def has_condition(self) -> bool:
        return self.court_decision == CourtDecision.BAIL_WITH_CONDITION

    @property
    def is_failure(self) -> bool:
        return self.compliance in FAILURES

    def local_assessment_at(self) -> datetime.datetime | None:
        return timezone.localtime(self.assessment_at) if self.assessment_at else None
