"""Required assessments (RA1-RA5) imposed after a positive test in custody, and notifying the police of a failure.

Drugs Act 2005 Part 3 (reference/domain.md §3.2, §4.3). The chain's rules and transitions live in
assessments/services/required.py; these models hold the record and the derived views of it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientScopedQuerySet
from dip import history
from dip.models import Team, new_ref

__all__ = [
    "derive_status", "Attendance", "PoliceNotification", "RAAppointment", "RAStatus", "RequiredAssessment",
    "RAOutcome", "NOT_IMPOSED_REASONS", "ClientTold",
]


class RAStatus(models.TextChoices):
    IMPOSED = "imposed", "Initial assessment due"
    INITIAL_ATTENDED = "initial_attended", "Initial assessment attended: follow-up to decide"
    INITIAL_FTA = "initial_fta", "Failed to attend the initial assessment"
    INITIAL_LEFT_EARLY = "initial_left_early", "Left the initial assessment early"
    FOLLOW_UP_REQUIRED = "follow_up_required", "Follow-up assessment due"
    FOLLOW_UP_NOT_REQUIRED = "follow_up_not_required", "Follow-up not required: outcome to record"
    FOLLOW_UP_ATTENDED = "follow_up_attended", "Follow-up assessment attended: outcome to record"
    FOLLOW_UP_FTA = "follow_up_fta", "Failed to attend the follow-up assessment"
    FOLLOW_UP_LEFT_EARLY = "follow_up_left_early", "Left the follow-up assessment early"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn: positive result not confirmed"


class RAOutcome(models.TextChoices):
    """spec/interchange.md `required_assessment.outcome`."""

    NO_FURTHER_ACTION = "no_further_action", "No further action or advice only"
    BRIEF_INTERVENTION = "brief_intervention", "Brief intervention"
    CJIT_CASELOAD = "cjit_caseload", "Taken onto the CJIT caseload"
    REFERRED_STRUCTURED_TREATMENT = "referred_structured_treatment", "Referred to structured treatment"
    ALREADY_IN_TREATMENT = "already_in_treatment", "Already in treatment: liaise with keyworker"
    DECLINED_SUPPORT = "declined_support", "Declined voluntary support"
    TRANSFERRED_OTHER_AREA = "transferred_other_area", "Transferred to another area"


class Attendance(models.TextChoices):
    """RA3; spec/interchange.md appointment `attendance`."""

    ATTENDED = "attended", "Attended and remained"
    LEFT_EARLY = "left_early", "Attended but left early"
    FAILED_TO_ATTEND = "failed_to_attend", "Failed to attend"
    CANCELLED = "cancelled", "Cancelled"


FAILURES = (Attendance.LEFT_EARLY, Attendance.FAILED_TO_ATTEND)


class ClientTold(models.TextChoices):
    """How the person was told that a withdrawn requirement no longer applies."""

    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    LETTER = "letter", "By letter"
    THROUGH_SOLICITOR = "solicitor", "Through their solicitor"

# Reasons offered when no requirement is imposed; stored as text on testing.DrugTest.assessment_decision_reason.
NOT_IMPOSED_REASONS = [
    ("officer_decided", "The officer decided not to impose it"),
    ("not_notified", "No assessment arrangements notified for this station"),
    ("already_in_treatment", "Already in treatment"),
    ("remanded", "Remanded in custody or transferred"),
    ("other", "Another reason"),
]


def derive_status(
    initial_attendance: str | None, follow_up_required: bool | None, follow_up_attendance: str | None, outcome: str,
    *, withdrawn: bool = False,
) -> str:
    """The chain's status from its record: the latest initial and follow-up attendance (None or "" while not
    recorded, or cancelled awaiting a new time), the follow-up decision and the outcome. The one rule for the
    services' transitions (RequiredAssessment.derived_status) and the import."""
    if withdrawn:
        return RAStatus.WITHDRAWN
    if outcome:
        return RAStatus.COMPLETED
    after = {
        Attendance.FAILED_TO_ATTEND: (RAStatus.INITIAL_FTA, RAStatus.FOLLOW_UP_FTA),
        Attendance.LEFT_EARLY: (RAStatus.INITIAL_LEFT_EARLY, RAStatus.FOLLOW_UP_LEFT_EARLY),
        Attendance.ATTENDED: (RAStatus.INITIAL_ATTENDED, RAStatus.FOLLOW_UP_ATTENDED),
    }
    initial = after.get(initial_attendance)
    if initial is None:
        return RAStatus.IMPOSED
    if initial_attendance != Attendance.ATTENDED or follow_up_required is None:
        return initial[0]
    if not follow_up_required:
        return RAStatus.FOLLOW_UP_NOT_REQUIRED
    follow_up = after.get(follow_up_attendance)
    return follow_up[1] if follow_up else RAStatus.FOLLOW_UP_REQUIRED


@history.track()
class RequiredAssessment(models.Model):
    """One per positive test where an officer imposed the requirement (s9), with the follow-up attached (s10)."""

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="required_assessments")
    drug_test = models.OneToOneField("testing.DrugTest", on_delete=models.PROTECT, related_name="required_assessment")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="The custody team that recorded it."
    )
    imposed_at = models.DateTimeField()
    imposing_officer = models.CharField("Imposing officer", max_length=100, blank=True)
    status = models.CharField(max_length=30, choices=RAStatus.choices, default=RAStatus.IMPOSED)
    follow_up_required = models.BooleanField(null=True, help_text="Null until the initial assessor decides (RA4 or RA5).")
    follow_up_decided_at = models.DateTimeField(null=True, blank=True)
    ra5_issued_at = models.DateTimeField("RA5 issued at", null=True, blank=True)
    outcome = models.CharField(max_length=40, choices=RAOutcome.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    # Withdrawn when the laboratory did not confirm a disputed positive: the requirement had no basis.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    client_told = models.CharField("How the person was told", max_length=20, choices=ClientTold.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-imposed_at", "-id"]

    def __str__(self) -> str:
        return f"Required assessment imposed {timezone.localtime(self.imposed_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:ra-detail", kwargs={"pk": self.pk})

    def latest_appointment(self, kind: str) -> "RAAppointment | None":
        """The current appointment of a kind (a variation adds one); from a prefetch when there is one."""
        if self.pk is None:
            return None
        of_kind = [a for a in self.appointments.all() if a.kind == kind]
        return max(of_kind, key=lambda a: a.pk) if of_kind else None

    def derived_status(self) -> str:
        initial = self.latest_appointment(RAAppointment.Kind.INITIAL)
        follow_up = self.latest_appointment(RAAppointment.Kind.FOLLOW_UP)
        return derive_status(
            initial.attendance if initial else None, self.follow_up_required,
            follow_up.attendance if follow_up else None, self.outcome, withdrawn=self.withdrawn_at is not None,
        )


@history.track()
class RAAppointment(models.Model):
    """An initial or follow-up appointment and its notice. Varying one (RA2) cancels it and adds the next."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial assessment"
        FOLLOW_UP = "follow_up", "Follow-up assessment"

    class Notice(models.TextChoices):
        RA1 = "RA1", "RA1: notice of the initial assessment"
        RA2 = "RA2", "RA2: variation of the appointment"
        RA4 = "RA4", "RA4: notice of the follow-up assessment"

    required_assessment = models.ForeignKey(RequiredAssessment, on_delete=models.CASCADE, related_name="appointments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scheduled_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    notice = models.CharField(max_length=3, choices=Notice.choices)
    notice_issued_at = models.DateTimeField()
    variation_reason = models.CharField(max_length=500, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["required_assessment", "kind", "id"]
        indexes = [
            # The work queue's "due today and overdue": appointments not yet recorded.
            models.Index(fields=["scheduled_at"], name="clients_raappt_open_due", condition=models.Q(attendance="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.scheduled_at):%-d %B %Y %H:%M}"

    @property
    def is_failure(self) -> bool:
        return self.attendance in FAILURES


@history.track()
class PoliceNotification(models.Model):
    """The assessor's duty to tell the police of a failure to attend or remain (ss12, 14), with the drafted statement."""

    class Prosecution(models.TextChoices):
        PENDING = "pending", "Decision pending"
        CHARGED = "charged", "Charged"
        NFA = "nfa", "No further action"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    appointment = models.OneToOneField(RAAppointment, on_delete=models.PROTECT, related_name="police_notification")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    statement = models.TextField(help_text="Drafted by the application; the worker checks and edits it before sending.")
    statement_edited_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("Police notified at", null=True, blank=True)
    sent_to = models.CharField("Officer or unit notified", max_length=200, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    prosecution = models.CharField(max_length=10, choices=Prosecution.choices, default=Prosecution.PENDING)
    prosecution_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["team"], name="clients_policenote_unsent", condition=models.Q(sent_at__isnull=True))]

    def __str__(self) -> str:
        return f"Police notification for {self.appointment}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:ra-statement", kwargs={"pk": self.pk})
