"""The DIR-style assessment (reference/domain.md section 4.4).

An assessment is written by one worker as a draft, section by section, and then completed; a
completed assessment is never changed (a database trigger refuses it): a correction is a new
version that points at the one it corrects. Consent answers are written as clients.Consent rows
when the assessment is completed. The free-text continuity-of-care notes live in their own table
so that the only way to read them is `ContinuityNote.objects.readable_by(user)`.
"""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from clients.models import ClientScopedQuerySet
from dip import history
from dip.models import CustodySuite, Team, new_ref

__all__ = ["Assessment", "ContinuityNote", "SharingBasis", "AssessmentQuerySet"]

DAYS_28 = [MinValueValidator(0), MaxValueValidator(28)]


class AssessmentType(models.TextChoices):
    INITIAL_RA = "initial_ra", "Initial required assessment"
    FOLLOW_UP_RA = "follow_up_ra", "Follow-up required assessment"
    VOLUNTARY = "voluntary", "Voluntary"
    ROB = "rob", "Restriction on bail"
    CONDITIONAL_CAUTION = "conditional_caution", "Conditional caution"
    DRR_SUITABILITY = "drr_suitability", "Pre-sentence report or DRR suitability"
    PRISON_TRIAGE = "prison_triage", "Prison triage"
    RELEASE = "release", "Release from prison"


class Location(models.TextChoices):
    CUSTODY_SUITE = "custody_suite", "Custody suite"
    COURT = "court", "Court"
    COMMUNITY = "community", "Community"
    PRISON = "prison", "Prison"


class Trigger(models.TextChoices):
    """The event that prompted the contact (CJIT data set, reference/domain.md 3.7)."""

    REQUIRED_ASSESSMENT = "required_assessment", "Required assessment imposed following positive test"
    RESTRICTION_ON_BAIL = "restriction_on_bail", "Restriction on bail"
    CONDITIONAL_CAUTION = "conditional_caution", "Conditional caution"
    PRE_SENTENCE_REPORT = "pre_sentence_report", "Pre-sentence report"
    OFFENDER_MANAGER = "offender_manager", "Required by offender manager (DRR, ATR or IOM)"
    VOLUNTARY_RELEASE = "voluntary_release", "Voluntary: following release from prison"
    VOLUNTARY_CELL_SWEEP = "voluntary_cell_sweep", "Voluntary: following cell sweep"
    VOLUNTARY_LIAISON = "voluntary_liaison", "Voluntary: liaison and diversion team"
    VOLUNTARY_OTHER = "voluntary_other", "Voluntary: other"
    TREATMENT_PROVIDER = "treatment_provider", "Referral by treatment provider (post-treatment)"
    POST_ORDER = "post_order", "Requested by offender manager (after DRR or ATR)"
    OTHER = "other", "Other"


class Substance(models.TextChoices):
    # The interchange's drr_test substances, with crack and powder cocaine apart as TOP counts them.
    OPIATES = "opiates", "Opiates (heroin, illicit methadone)"
    CRACK = "crack", "Crack cocaine"
    COCAINE = "cocaine", "Cocaine powder"
    AMPHETAMINE = "amphetamine", "Amphetamine"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    CANNABIS = "cannabis", "Cannabis"
    OTHER = "other", "Other"


class Route(models.TextChoices):
    INJECT = "inject", "Injecting"
    SNIFF = "sniff", "Sniffing"
    SMOKE = "smoke", "Smoking"
    ORAL = "oral", "Oral"
    OTHER = "other", "Other"


class InjectingStatus(models.TextChoices):
    CURRENT = "current", "Currently injecting"
    PREVIOUS = "previous", "Previously injected"
    NEVER = "never", "Never injected"
    DECLINED = "declined", "Declined to answer"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Accommodation(models.TextChoices):
    NFA_URGENT = "nfa_urgent", "No fixed abode or urgent housing problem"
    HOUSING_PROBLEM = "housing_problem", "Housing problem"
    NO_PROBLEM = "no_problem", "No housing problem"
    NOT_STATED = "not_stated", "Not stated"


class Employment(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    UNEMPLOYED = "unemployed", "Unemployed"
    LONG_TERM_SICK = "long_term_sick", "Long-term sick or disabled"
    STUDENT = "student", "Student"
    OTHER = "other", "Other"


class Pregnancy(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class RiskLevel(models.TextChoices):
    NONE = "none", "No known risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Outcome(models.TextChoices):
    """The required-assessment outcomes of spec/interchange.md."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    BRIEF_INTERVENTION = "brief_intervention", "Brief intervention"
    CJIT_CASELOAD = "cjit_caseload", "Taken on to the CJIT caseload"
    REFERRED_STRUCTURED_TREATMENT = "referred_structured_treatment", "Referred to structured treatment"
    ALREADY_IN_TREATMENT = "already_in_treatment", "Already in treatment"
    DECLINED_SUPPORT = "declined_support", "Declined support"
    TRANSFERRED_OTHER_AREA = "transferred_other_area", "Transferred to another area"


class AssessmentQuerySet(ClientScopedQuerySet):
    def drafts_of(self, user) -> "AssessmentQuerySet":
        """Drafts are per worker: only their author continues them."""
        return self.filter(status=Assessment.Status.DRAFT, assessor_id=user.pk)

    def completed(self) -> "AssessmentQuerySet":
        return self.filter(status=Assessment.Status.COMPLETED)

    def openable_by(self, user) -> "AssessmentQuerySet":
        """Completed assessments, and the user's own drafts (apply after visible_to)."""
        return self.filter(Q(status=Assessment.Status.COMPLETED) | Q(assessor_id=user.pk))

    def with_flags(self) -> "AssessmentQuerySet":
        """Annotate `superseded_by_id` (its completed correction, if any) and `has_note` (existence only)."""
        newer = Assessment.objects.filter(supersedes=OuterRef("pk"), status=Assessment.Status.COMPLETED)
        return self.annotate(
            superseded_by_id=Subquery(newer.values("pk")[:1]),
            has_note=Exists(ContinuityNote.objects.filter(assessment=OuterRef("pk"))),
        )


@history.track()
class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", help_text="The team that wrote it")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        help_text="The completed assessment this version corrects",
    )
    prefilled_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The required assessment (Drugs Act 2005 s9/s10) this assessment fulfils, when it is one.
    required_assessment = models.ForeignKey(
        "assessments.RequiredAssessment", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments",
    )
    sections_done = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    # Context
    assessment_type = models.CharField(max_length=30, choices=AssessmentType.choices, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=20, choices=Location.choices, blank=True)
    custody_suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    trigger = models.CharField(max_length=30, choices=Trigger.choices, blank=True)

    # Substances: main, second and third, each with route and days used in the last 28
    main_substance = models.CharField(max_length=20, choices=Substance.choices, blank=True)
    main_route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    main_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_28)
    second_substance = models.CharField(max_length=20, choices=Substance.choices, blank=True)
    second_route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    second_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_28)
    third_substance = models.CharField(max_length=20, choices=Substance.choices, blank=True)
    third_route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    third_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_28)

    # Alcohol
    alcohol_units_daily = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    alcohol_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_28)

    # Injecting
    injecting_status = models.CharField(max_length=10, choices=InjectingStatus.choices, blank=True)
    injecting_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=DAYS_28)
    shared_equipment = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)

    # Treatment history
    previously_in_treatment = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    currently_in_treatment = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    current_provider = models.CharField(max_length=200, blank=True)
    last_treatment_ended_on = models.DateField(null=True, blank=True)

    # Needs
    accommodation = models.CharField(max_length=20, choices=Accommodation.choices, blank=True)
    employment = models.CharField(max_length=20, choices=Employment.choices, blank=True)
    has_children = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    children_living_with_client = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    children_services_involved = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    pregnant = models.CharField(max_length=20, choices=Pregnancy.choices, blank=True)
    mental_health_need = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    mental_health_treatment = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)

    # Risks
    overdose_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    self_harm_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    harm_to_others_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    safeguarding_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    risk_detail = models.TextField(blank=True, max_length=5000)

    # Offending
    current_offences = models.TextField(blank=True, max_length=2000)
    iom_ppo = models.CharField("IOM or PPO cohort", max_length=10, choices=YesNoUnknown.choices, blank=True)
    on_licence_or_order = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)

    # Consent: {scope: {"decision": ..., "decided_on": "YYYY-MM-DD"}}; written as Consent rows on completion
    consent_answers = models.JSONField(default=dict, blank=True)

    # Outcome
    outcome = models.CharField(max_length=40, choices=Outcome.choices, blank=True)
    care_plan_summary = models.TextField(blank=True, max_length=5000)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "status", "-completed_at"], name="clients_assess_client_status"),
            models.Index(fields=["assessor", "status"], name="clients_assess_assessor"),
        ]
        constraints = [
            # One draft per worker per client: "continue draft" has one meaning.
            models.UniqueConstraint(
                fields=["client", "assessor"], condition=Q(status="draft"), name="clients_assess_one_draft",
            ),
        ]
        triggers = [
            # Completed assessments are read-only, whatever the code path (a correction is a new version).
            pgtrigger.Protect(
                name="clients_assess_completed_readonly",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="completed"),
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.assessed_on:%-d %B %Y}" if self.assessed_on else "undated"
        return f"Assessment {when} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ContinuityNoteQuerySet(ClientScopedQuerySet):
    def readable_by(self, user) -> "ContinuityNoteQuerySet":
        """Notes this user may read (reference/access-model.md, domain.md 6.2 rule 2).

        The writing team always; another team only while the client's consent for sharing with
        that kind of team is in force, or when a legal basis for that team is recorded.
        """
        from clients.models import Consent

        if user.team_id is None:
            return self.none()
        team = user.team
        readable = Q(team_id=team.pk)
        readable |= Exists(
            SharingBasis.objects.filter(client=OuterRef("client_id"), team_id=team.pk, from_team=OuterRef("team_id"))
        )
        scope = CONSENT_SCOPE_FOR_TEAM_KIND.get(team.kind)
        if scope:
            latest = Consent.objects.filter(client=OuterRef("client_id"), scope=scope).in_force_first()  # clients.consent
            readable |= Q(consent_in_force=Consent.Decision.GIVEN)
            return self.visible_to(user).annotate(consent_in_force=Subquery(latest.values("decision")[:1])).filter(readable)
        return self.visible_to(user).filter(readable)


# Which consent scope lets a team of each kind read another team's notes.
CONSENT_SCOPE_FOR_TEAM_KIND = {
    Team.Kind.PROBATION: "share_with_probation",
    Team.Kind.TREATMENT: "share_with_treatment",
}


@history.track()
class ContinuityNote(models.Model):
    """Free-text continuity-of-care notes of one assessment; restricted (read through readable_by)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="continuity_note")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", help_text="The team that wrote it")
    text = models.TextField(max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContinuityNoteQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Continuity notes of assessment {self.assessment_id}"


@history.track()
class SharingBasis(models.Model):
    """A recorded legal basis for `team` to read the continuity notes `from_team` wrote about a client,
    without the client's consent (reference/domain.md 6.2: statutory and safeguarding disclosures)."""

    class Reason(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        VITAL_INTERESTS = "vital_interests", "Vital interests (risk to life)"
        STATUTORY_NOTIFICATION = "statutory_notification", "Statutory notification (Drugs Act 2005)"
        COURT_REPORT = "court_report", "Court report or court order"
        PACE_S63B = "pace_s63b", "PACE section 63B disclosure"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="sharing_bases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", help_text="The team it is shared with")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", help_text="The team whose notes")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    detail = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} for team {self.team_id}"
