"""Drug tests in custody (the DT1) and the dated list of trigger offences that decides them.

reference/domain.md §3.1 and §4.3; the interchange `drug_test` record (spec/interchange.md).
Single-record rules live in DrugTest.clean(); reusable filters on DrugTestQuerySet; workflows with
side effects (relations, audit) in testing/services.py.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientScopedQuerySet
from dip import history, workdays
from dip.models import CustodySuite, new_ref

LONDON = ZoneInfo("Europe/London")
LABORATORY_WORKING_DAYS = 5  # the confirmatory laboratory reports within five working days of dispatch [S3]
ARREST_MIN_AGE = 18
CHARGE_MIN_AGE = 14
APPROPRIATE_ADULT_UNDER = 17
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)  # clock skew between a custody suite and the server
TIMES = {  # the times that cannot be in the future, as the messages name them
    "arrested_at": "The time of arrest", "requested_at": "The time the sample was requested",
    "sampled_at": "The time the sample was taken", "sent_to_laboratory_at": "The time the sample was sent",
    "confirmation_received_at": "The time the laboratory result was received",
}


def local_date(moment: datetime.datetime) -> datetime.date:
    """The Europe/London calendar date of an aware datetime: rules are decided on local dates."""
    return timezone.localtime(moment, LONDON).date()


class TriggerOffenceQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "TriggerOffenceQuerySet":
        """Offences on the list on `day`: valid_from <= day < valid_to (half-open)."""
        return self.filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)))


class TriggerOffence(models.Model):
    """One entry of CJCSA 2000 Schedule 6 as amended, for the period it was on the list.

    Loaded by data migration 0002; the list as it stood on the arrest date decides whether an offence
    is a trigger offence.
    """

    code = models.SlugField(max_length=60, help_text="Stable key, e.g. theft-act-1968-s1.")
    statute = models.CharField(max_length=100)
    section = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    specified_class_a_only = models.BooleanField(
        default=False, help_text="A trigger offence only where the drug is a specified Class A drug (MDA 1971)."
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="First day no longer on the list (exclusive).")

    objects = TriggerOffenceQuerySet.as_manager()

    class Meta:
        ordering = ["statute", "section", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="testing_trigger_offence_unique_period"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="testing_trigger_offence_period_order",
            ),
        ]

    def __str__(self) -> str:
        text = f"{self.title} ({self.statute} {self.section})"
        return text + (", specified Class A drug only" if self.specified_class_a_only else "")

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def positive_q(prefix: str = "") -> Q:
    """Positive for opiates or cocaine, unless the laboratory did not confirm it (a Q, so reports can count it)."""
    return (
        Q(**{f"{prefix}outcome": "result"})
        & (Q(**{f"{prefix}opiates": "positive"}) | Q(**{f"{prefix}cocaine": "positive"}))
        & ~Q(**{f"{prefix}confirmation": "not_confirmed"})
    )


class DrugTestQuerySet(ClientScopedQuerySet):
    def positive(self) -> "DrugTestQuerySet":
        """Positive for a specified Class A drug, unless the laboratory did not confirm it.

        A disputed positive still awaiting the laboratory counts as positive.
        """
        return self.filter(positive_q())

    def awaiting_laboratory(self) -> "DrugTestQuerySet":
        """Disputed positives with no confirmation result yet (sent or still to be sent)."""
        return self.positive().filter(disputed=True, confirmation="")

    def at_suites_of(self, user) -> "DrugTestQuerySet":
        """Tests at the suites the user's custody team works in."""
        if user.team_id is None:
            return self.none()
        return self.filter(custody_suite__team_id=user.team_id)

    def in_area(self, area_id) -> "DrugTestQuerySet":
        return self.filter(custody_suite__area_id=area_id)

    def requested_on(self, day: datetime.date) -> "DrugTestQuerySet":
        """Requested on this Europe/London calendar date."""
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=LONDON)
        return self.filter(requested_at__gte=start, requested_at__lt=end)

    def requested_between(self, start: datetime.date, end: datetime.date) -> "DrugTestQuerySet":
        """Requested on a Europe/London date in [start, end) (metrics.md T1: the report's periods)."""
        return self.filter(
            requested_at__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=LONDON),
            requested_at__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=LONDON),
        )

    def awaiting_assessment_decision(self) -> "DrugTestQuerySet":
        """Positive tests with no required-assessment decision yet (age is checked per test:
        DrugTest.required_assessment_refusal)."""
        return self.positive().filter(assessment_decision="")


@history.track()
class DrugTest(models.Model):
    """A test on arrest or on charge in a custody suite (the DT1)."""

    class Stage(models.TextChoices):
        ARREST = "arrest", "On arrest"
        CHARGE = "charge", "On charge"

    class Basis(models.TextChoices):
        TRIGGER_OFFENCE = "trigger_offence", "Trigger offence"
        INSPECTOR_AUTHORISED = "inspector_authorised", "Authorised by an inspector"

    class Rank(models.TextChoices):
        INSPECTOR = "inspector", "Inspector"
        CHIEF_INSPECTOR = "chief_inspector", "Chief inspector"
        SUPERINTENDENT = "superintendent", "Superintendent"
        CHIEF_SUPERINTENDENT = "chief_superintendent", "Chief superintendent"
        HIGHER = "higher", "Higher rank"

    class AuthorisationMode(models.TextChoices):
        ORAL = "oral", "Oral (to be confirmed in writing)"
        WRITTEN = "written", "Written"

    class Outcome(models.TextChoices):
        RESULT = "result", "Sample tested"
        REFUSED = "refused", "Refused"
        FAILED_TO_PROVIDE = "failed_to_provide", "Failed to provide a sample"
        INVALID = "invalid", "Invalid sample"

    class Reading(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    class Confirmation(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed positive"
        NOT_CONFIRMED = "not_confirmed", "Not confirmed (counts as negative)"

    class AssessmentDecision(models.TextChoices):
        # Filled by the required-assessment workflow (assessments/models/required.py) or recorded here.
        IMPOSED = "imposed", "Required assessment imposed"
        NOT_IMPOSED = "not_imposed", "Required assessment not imposed"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="drug_tests")
    custody_suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="drug_tests")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    basis = models.CharField(max_length=25, choices=Basis.choices)
    arrested_at = models.DateTimeField(
        null=True, blank=True, help_text="Decides which trigger-offence list applies; the request time if not given."
    )
    trigger_offence = models.ForeignKey(
        TriggerOffence, on_delete=models.PROTECT, null=True, blank=True, related_name="drug_tests"
    )
    offence = models.CharField(max_length=200, blank=True, help_text="The offence as free text (imported or non-trigger).")

    inspector_name = models.CharField(max_length=100, blank=True)
    inspector_rank = models.CharField(max_length=25, choices=Rank.choices, blank=True)
    authorisation_grounds = models.TextField(blank=True)
    authorisation_mode = models.CharField(max_length=10, choices=AuthorisationMode.choices, blank=True)
    authorised_at = models.DateTimeField(null=True, blank=True)
    written_confirmation_at = models.DateTimeField(null=True, blank=True)

    warning_given = models.BooleanField(null=True, help_text="Null when not recorded (imported records).")
    appropriate_adult_present = models.BooleanField(default=False)
    appropriate_adult_name = models.CharField(max_length=100, blank=True)

    requested_at = models.DateTimeField()
    sampled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, help_text="Blank while awaited.")
    opiates = models.CharField(max_length=10, choices=Reading.choices, blank=True)
    cocaine = models.CharField(max_length=10, choices=Reading.choices, blank=True)
    medication_declared = models.TextField(blank=True)

    disputed = models.BooleanField(default=False)
    disputed_at = models.DateTimeField(null=True, blank=True)
    sent_to_laboratory_at = models.DateTimeField(null=True, blank=True)
    confirmation = models.CharField(max_length=15, choices=Confirmation.choices, blank=True)
    confirmation_received_at = models.DateTimeField(null=True, blank=True)

    assessment_decision = models.CharField(max_length=15, choices=AssessmentDecision.choices, blank=True)
    assessment_decision_reason = models.TextField(blank=True)
    assessment_decided_at = models.DateTimeField(null=True, blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DrugTestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            # The suite list and today's tests on the work queue.
            models.Index(fields=["custody_suite", "-requested_at"], name="testing_dt_suite_requested"),
            # Disputed positives awaiting the laboratory (work queue section 40).
            models.Index(fields=["sent_to_laboratory_at"], name="testing_dt_awaiting_lab",
                         condition=Q(disputed=True, confirmation="")),
        ]

    def __str__(self) -> str:
        return f"Drug test {self.ref}"

    def get_absolute_url(self) -> str:
        return reverse("testing:drugtest-detail", kwargs={"pk": self.pk})

    # --- derived values -------------------------------------------------------------------

    @property
    def request_date(self) -> datetime.date | None:
        return local_date(self.requested_at) if self.requested_at else None

    @property
    def list_date(self) -> datetime.date | None:
        """The arrest date (local), which decides the trigger-offence list; the request date if unknown."""
        moment = self.arrested_at or self.requested_at
        return local_date(moment) if moment else None

    @property
    def age_at_request(self) -> int | None:
        client = self._client_or_none()
        if self.request_date is None or client is None:
            return None
        return client.age_on(self.request_date)

    @property
    def is_adult(self) -> bool:
        age = self.age_at_request
        return age is not None and age >= ARREST_MIN_AGE

    @property
    def tested_positive(self) -> bool:
        """The device read positive for opiates or cocaine (before any laboratory confirmation)."""
        return self.outcome == self.Outcome.RESULT and self.Reading.POSITIVE in (self.opiates, self.cocaine)

    @property
    def is_positive(self) -> bool:
        """Positive, counting a disputed positive as positive until the laboratory does not confirm it."""
        return self.tested_positive and self.confirmation != self.Confirmation.NOT_CONFIRMED

    @property
    def result_summary(self) -> str:
        """`pos_both`, `pos_opiates`, `pos_cocaine`, `neg`, or "" when no result (reference/domain.md §4.3)."""
        if self.outcome != self.Outcome.RESULT:
            return ""
        if not self.is_positive:
            return "neg"
        both = self.opiates == self.cocaine == self.Reading.POSITIVE
        return "pos_both" if both else "pos_opiates" if self.opiates == self.Reading.POSITIVE else "pos_cocaine"

    @property
    def result_display(self) -> str:
        labels = {
            "pos_both": "Positive: opiates and cocaine", "pos_opiates": "Positive: opiates",
            "pos_cocaine": "Positive: cocaine", "neg": "Negative",
        }
        return labels.get(self.result_summary) or self.get_outcome_display() or "Awaiting result"

    @property
    def awaiting_laboratory(self) -> bool:
        return self.disputed and self.tested_positive and not self.confirmation

    @property
    def laboratory_due(self) -> datetime.date | None:
        """Five working days after the (local) dispatch date; None until sent."""
        if not self.sent_to_laboratory_at:
            return None
        return workdays.add_working_days(local_date(self.sent_to_laboratory_at), LABORATORY_WORKING_DAYS)

    def laboratory_overdue(self, today: datetime.date | None = None) -> bool:
        """Still awaited after the due date."""
        due = self.laboratory_due
        today = today or local_date(timezone.now())
        return self.awaiting_laboratory and due is not None and today > due

    @property
    def earliest_assessment_date(self) -> datetime.date | None:
        """For a disputed test, the initial required assessment must be at least five working days after
        dispatch to the laboratory (Drugs Act 2005 s16); None when no such limit applies yet."""
        if not self.disputed or not self.sent_to_laboratory_at:
            return None
        return self.laboratory_due

    def required_assessment_refusal(self) -> str | None:
        """Why a required assessment cannot follow this test, or None when it can (Drugs Act 2005 s9: a
        positive test, after any laboratory confirmation, of someone 18 or over on the day of the request).
        The one rule for the decision queue, the impose page, this record's own rules and the import."""
        if not self.is_positive:
            return "A required assessment can only follow a positive test"
        if not self.is_adult:
            return "A required assessment can only be imposed on someone aged 18 or over"
        return None

    def initial_assessment_refusal(self, day: datetime.date) -> str | None:
        """Why the initial required assessment cannot be on local date `day` (the laboratory limit), or None."""
        earliest = self.earliest_assessment_date
        if earliest and day < earliest:
            return (
                f"The test is disputed: the initial assessment must be on or after {earliest:%-d %B %Y}, "
                f"{LABORATORY_WORKING_DAYS} working days after the sample was sent to the laboratory"
            )
        return None

    @property
    def awaits_assessment_decision(self) -> bool:
        return not self.assessment_decision and self.required_assessment_refusal() is None

    # --- rules ----------------------------------------------------------------------------

    def clean(self) -> None:
        errors = self.rule_errors()
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, *, complete: bool = True) -> dict[str, list[str]]:
        """Every rule this record breaks, by field. `complete=False` for an interchange record, which
        carries no inspector's authority and no appropriate adult: those two checks are skipped."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        now = timezone.now()
        for field, label in TIMES.items():
            value = getattr(self, field)
            if value and value > now + FUTURE_TOLERANCE:
                add(field, f"{label} must not be in the future")  # named: several can fail at once

        if self.requested_at and self._client_or_none() is not None:
            self._check_age(add, complete)
        if self.requested_at and complete:
            self._check_basis(add)
        if self.arrested_at and self.requested_at and self.arrested_at > self.requested_at:
            add("arrested_at", "The arrest must be before the test was requested")
        self._check_result(add)
        self._check_dispute(add)
        # A requirement imposed on a disputed positive stands until withdrawn: the laboratory not confirming it
        # later must still be recordable (it is what allows the withdrawal, assessments/services/withdrawal.py).
        unconfirmed_later = self.disputed and self.confirmation == self.Confirmation.NOT_CONFIRMED
        if (self.assessment_decision == self.AssessmentDecision.IMPOSED and self.requested_at and self.client_id
                and not unconfirmed_later):
            if refusal := self.required_assessment_refusal():
                add("assessment_decision", refusal)
        if self.assessment_decision == self.AssessmentDecision.NOT_IMPOSED and not self.assessment_decision_reason.strip():
            add("assessment_decision_reason", "Enter why a required assessment was not imposed")
        return errors

    def _client_or_none(self):
        """The client, also when it is a not-yet-saved instance (a record earlier in an import file)."""
        if self.client_id is None and not DrugTest.client.is_cached(self):
            return None
        return self.client

    def _check_age(self, add, complete: bool) -> None:
        age = self.age_at_request
        if self.stage == self.Stage.ARREST and age < ARREST_MIN_AGE:
            add("stage", f"A test on arrest needs the person to be 18 or over on the day of the request (they were {age})")
        elif self.stage == self.Stage.CHARGE and age < CHARGE_MIN_AGE:
            add("stage", f"A test on charge needs the person to be 14 or over on the day of the request (they were {age})")
        elif complete and age < APPROPRIATE_ADULT_UNDER and not self.appropriate_adult_present:
            add("appropriate_adult_present", "An appropriate adult must be present for someone under 17")

    def _check_basis(self, add) -> None:
        if self.basis == self.Basis.TRIGGER_OFFENCE:
            if self.trigger_offence_id and not self.trigger_offence.in_force_on(self.list_date):
                add(
                    "trigger_offence",
                    f"This was not a trigger offence on {self.list_date:%-d %B %Y}: "
                    "an inspector must authorise the test",
                )
            elif not self.trigger_offence_id and not self.offence.strip():
                add("trigger_offence", "Select the trigger offence, or record an inspector's authority")
        elif self.basis == self.Basis.INSPECTOR_AUTHORISED:
            required = {
                "inspector_name": "Enter the name of the authorising officer",
                "inspector_rank": "Select the rank of the authorising officer (inspector or above)",
                "authorisation_grounds": "Enter the grounds for the authorisation",
                "authorisation_mode": "Select whether the authorisation was oral or written",
            }
            for field, message in required.items():
                if not str(getattr(self, field) or "").strip():
                    add(field, message)
            if not self.trigger_offence_id and not self.offence.strip():
                add("offence", "Enter the offence")

    def _check_result(self, add) -> None:
        if self.sampled_at and self.requested_at and self.sampled_at < self.requested_at:
            add("sampled_at", "The sample time must not be before the request")
        if self.outcome == self.Outcome.RESULT:
            if not self.sampled_at:
                add("sampled_at", "Enter the time the sample was taken")
            if not self.opiates:
                add("opiates", "Select the opiates result")
            if not self.cocaine:
                add("cocaine", "Select the cocaine result")
        else:
            if self.opiates or self.cocaine:
                add("outcome", "Results can only be recorded when the sample was tested")
            if self.outcome in (self.Outcome.REFUSED, self.Outcome.FAILED_TO_PROVIDE) and self.sampled_at:
                add("sampled_at", "No sample time when no sample was provided")

    def _check_dispute(self, add) -> None:
        if self.disputed and not self.tested_positive:
            add("disputed", "Only a positive result can be disputed")
        if not self.disputed and (self.sent_to_laboratory_at or self.confirmation or self.disputed_at):
            add("disputed", "Laboratory details are only recorded for a disputed result")
        if self.sent_to_laboratory_at and self.sampled_at and self.sent_to_laboratory_at < self.sampled_at:
            add("sent_to_laboratory_at", "The sample cannot be sent before it was taken")
        if self.confirmation and not (self.disputed and self.tested_positive):
            add("confirmation", "A confirmation result is only for a disputed positive")
        if self.confirmation_received_at and not self.confirmation:
            add("confirmation", "Select the confirmation result")
        if (
            self.confirmation_received_at
            and self.sent_to_laboratory_at
            and self.confirmation_received_at < self.sent_to_laboratory_at
        ):
            add("confirmation_received_at", "The result cannot arrive before the sample was sent")
