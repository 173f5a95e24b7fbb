"""Staff, organisation, reference data and the append-only audit log."""

import uuid

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from dip import roles


def new_ref() -> str:
    """A ref for a record created in the application (imported records keep their source ref)."""
    return "DIP-" + uuid.uuid4().hex[:12].upper()


class Area(models.Model):
    """A police force / Police and Crime Commissioner area."""

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        CUSTODY = "custody", "Custody team"
        COMMUNITY = "community", "Community drug team (CJIT)"
        PROBATION = "probation", "Probation team"
        TREATMENT = "treatment", "Treatment provider"
        PCC = "pcc", "PCC office"

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["area__name", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="dip_team_unique_name_in_area")]

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"


class User(AbstractUser):
    """A member of staff. The role is the user's one group; the team decides what they may see."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    is_demo = models.BooleanField(default=False, help_text="Synthetic demo account (may skip 2FA in demo mode).")

    @property
    def role(self) -> str | None:
        """The user's role (one group), read once per request."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = self.groups.values_list("name", flat=True).first()
        return self._role_cache

    @property
    def area(self) -> Area | None:
        return self.team.area if self.team_id else None

    @property
    def sees_person_records(self) -> bool:
        return self.is_active and self.role not in roles.NO_PERSON_RECORDS and self.role is not None

    @property
    def can_change_case_records(self) -> bool:
        return self.role in roles.CASEWORK


class CustodySuite(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    name = models.CharField(max_length=100)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="custody_suites")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="custody_suites",
        limit_choices_to={"kind": Team.Kind.CUSTODY}, help_text="The custody team that works in this suite.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """A treatment service that receives referrals."""

    class Setting(models.TextChoices):
        COMMUNITY = "community", "Community"
        RESIDENTIAL = "residential", "Residential"
        INPATIENT = "inpatient", "Inpatient"
        PRISON = "prison", "Prison"

    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    name = models.CharField(max_length=100)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="providers")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="providers",
        limit_choices_to={"kind": Team.Kind.TREATMENT}, help_text="The team that works this service's queue.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One row per view, change, export, import or sign-in. Append-only: triggers refuse UPDATE and DELETE."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        PRINT = "print", "Printed"
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        BREAK_GLASS = "break_glass", "Emergency access"
        REFUSED = "refused", "Refused (out of scope or not allowed)"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # No FK: the audit trail must outlive (and never block) the record it describes.
    client_id = models.BigIntegerField(null=True, db_index=True)
    # Everyone a list or the work queue showed in this one event, so that it reaches their access page.
    client_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    ip = models.GenericIPAddressField(null=True)
    request_id = models.CharField(max_length=36, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client_id", "-at"], name="dip_auditevent_client_at"),  # access page
            GinIndex(fields=["client_ids"], name="dip_auditevent_client_ids"),  # access page, lists
        ]
        triggers = [
            pgtrigger.Protect(name="dip_auditevent_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


class Heartbeat(models.Model):
    """One row, touched every minute by a Celery worker (dip.tasks.heartbeat); read by /health."""

    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker heartbeat at {self.beat_at}"
