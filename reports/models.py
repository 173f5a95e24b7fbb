"""Report runs: the database row is the source of truth for what was asked, what happened and what came out."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dip.models import Area

NATIONAL = "ALL"


class ReportRunQuerySet(models.QuerySet):
    def same_as(self, run: "ReportRun") -> "ReportRunQuerySet":
        return self.filter(
            kind=run.kind, period_start=run.period_start, area_ref=run.area_ref, as_at=run.as_at, published=run.published
        )

    def stuck(self, *, queued_before, running_before) -> "ReportRunQuerySet":
        """Runs a lost message or a killed worker left behind (read by the periodic sweep)."""
        return self.filter(
            Q(status=ReportRun.Status.QUEUED, updated_at__lt=queued_before)
            | Q(status=ReportRun.Status.RUNNING, updated_at__lt=running_before)
        )


class ReportRun(models.Model):
    """One report for one period, area (or ALL) and as-at date, published (suppressed) or not.

    Same parameters and version never make two rows (constraint); a regeneration is the next version
    and the earlier one stays.
    """

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly outcome report"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MONTHLY)
    period_start = models.DateField()
    period_end = models.DateField(help_text="Exclusive: the period is [start, end) in local dates.")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="Empty for the national roll-up (ALL).")
    area_ref = models.CharField(max_length=64, help_text="The area's ref, or ALL.")
    as_at = models.DateField(help_text="Data cut-off for the figures that look past the period (E5, D2).")
    published = models.BooleanField(help_text="Small-number suppression applied (the PCC pack).")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    scheduled = models.BooleanField(default=False, help_text="Made by the monthly schedule, not a person.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    snapshot = models.JSONField(null=True, blank=True, help_text="The figures as computed (unsuppressed).")
    error = models.TextField(blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "area_ref", "-published", "-version", "-id"]
        constraints = [
            # Idempotency: a repeated request finds the existing version instead of making another.
            models.UniqueConstraint(
                fields=["kind", "period_start", "area_ref", "as_at", "published", "version"],
                name="reports_run_unique_version",
            ),
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period_start")), name="reports_run_period_order"),
            models.CheckConstraint(
                condition=Q(area__isnull=True, area_ref=NATIONAL) | Q(area__isnull=False) & ~Q(area_ref=NATIONAL),
                name="reports_run_area_or_all",
            ),
        ]
        indexes = [
            # The sweep: unfinished runs by age.
            models.Index(fields=["updated_at"], name="reports_run_unfinished",
                         condition=Q(status__in=["queued", "running"])),
        ]

    def __str__(self) -> str:
        kind = "published" if self.published else "unsuppressed"
        return f"{self.area_ref} {self.period_start:%B %Y} ({kind}, version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reports:run-detail", kwargs={"pk": self.pk})

    @property
    def is_national(self) -> bool:
        return self.area_ref == NATIONAL

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def file_stem(self) -> str:
        suffix = "-published" if self.published else ""
        version = f"-v{self.version}" if self.version > 1 else ""
        return f"report-{self.period_start:%Y-%m}-{self.area_ref}{suffix}{version}"


class ReportPart(models.Model):
    """One area's figures towards a national run (the chord's header results, kept in the database)."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="parts")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "area"], name="reports_part_one_per_area")]

    def __str__(self) -> str:
        return f"{self.run} part {self.area_id}"


class ReportFile(models.Model):
    """An output of a finished run, kept in the database and served only by the permission-checked view."""

    class Format(models.TextChoices):
        CSV = "csv", "Data file (CSV)"
        XLSX = "xlsx", "Spreadsheet (XLSX)"
        PDF = "pdf", "Report pack (PDF)"

    CONTENT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    name = models.CharField(max_length=120)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "format"]
        constraints = [models.UniqueConstraint(fields=["run", "format"], name="reports_file_one_per_format")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def checksum(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    @property
    def intact(self) -> bool:
        return self.checksum(bytes(self.content)) == self.sha256

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]


class Subscription(models.Model):
    """A user asks to be e-mailed a link (never the file) when an area's monthly pack is ready."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions")
    area_ref = models.CharField(max_length=64, help_text="The area's ref, or ALL.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_ref"]
        constraints = [models.UniqueConstraint(fields=["user", "area_ref"], name="reports_subscription_unique")]

    def __str__(self) -> str:
        return f"{self.user} -> {self.area_ref}"
