"""Report runs: request, compute (per area and national), finish with files, sweep, download, subscribe.

Services take ids or keyword arguments, never a request or a form, and write their own audit events.
The management command, the pages and the Celery tasks all go through these.
"""

import datetime
import logging

from celery import chord, signature
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dip import audit
from dip.models import Area, AuditEvent
from reports import access, metrics
from reports.models import NATIONAL, ReportFile, ReportPart, ReportRun, Subscription
from reports.periods import Period

log = logging.getLogger(__name__)

QUEUED_GRACE = datetime.timedelta(minutes=2)  # a queued run untouched this long lost its message
RUNNING_GRACE = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)  # past the hard time limit


def _area(area_ref: str) -> Area | None:
    if area_ref == NATIONAL:
        return None
    try:
        return Area.objects.get(ref=area_ref)
    except Area.DoesNotExist:
        raise ValidationError({"area": f"There is no area {area_ref!r}"}) from None


def check_parameters(*, period: Period, area_ref: str, as_at: datetime.date, today: datetime.date) -> Area | None:
    """Business rules of a run's parameters; ValidationError by field."""
    errors = {}
    if period.start > today:
        errors["period"] = "The period must have started: choose this month or an earlier one"
    if as_at > today:
        errors["as_at"] = "The as-at date must be today or earlier"
    elif as_at < period.start:
        errors["as_at"] = "The as-at date must not be before the period starts"
    area = None
    try:
        area = _area(area_ref)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return area


@transaction.atomic
def report_run_request(
    *, user, period: Period, area_ref: str, as_at: datetime.date | None = None, published: bool = True,
    regenerate: bool = False, scheduled: bool = False, enqueue: bool = True,
) -> ReportRun:
    """The run for these parameters: the existing one, or a new (next) version when asked to regenerate.

    `user` is None for the schedule and the command. A failed run asked for again is queued again.
    `enqueue=False` leaves the work to the caller (the command computes in its own process).
    """
    today = timezone.localdate()
    as_at = as_at or today
    if user is not None and not access.may_request(user, area_ref=area_ref, published=published):
        raise ValidationError({"area": "You may not ask for this report"})
    area = check_parameters(period=period, area_ref=area_ref, as_at=as_at, today=today)
    params = {"kind": ReportRun.Kind.MONTHLY, "period_start": period.start, "area_ref": area_ref, "as_at": as_at,
              "published": published}
    latest = ReportRun.objects.select_for_update().filter(**params).order_by("-version").first()
    if latest is not None and not (regenerate and latest.is_finished):
        if latest.status == ReportRun.Status.FAILED:
            latest.status, latest.error = ReportRun.Status.QUEUED, ""
            latest.save(update_fields=["status", "error", "updated_at"])
            if enqueue:
                _enqueue(latest)
        return latest
    version = latest.version + 1 if latest else 1
    try:
        with transaction.atomic():
            run = ReportRun.objects.create(
                **params, period_end=period.end, area=area, version=version, scheduled=scheduled, requested_by=user
            )
    except IntegrityError:  # a simultaneous request made the same version first
        return ReportRun.objects.get(**params, version=version)
    audit.record(None, AuditEvent.Action.CREATE, run, user=user,
                 detail={"report": str(run), "regenerate": regenerate, "scheduled": scheduled})
    if enqueue:
        _enqueue(run)
    return run


def _enqueue(run: ReportRun) -> None:
    transaction.on_commit(lambda: report_run_dispatch(run.pk))


def report_run_dispatch(run_id: int) -> None:
    """Send a run to the workers: a chord for ALL (a part per area, then the assembly), one task for an area.

    Tasks are named, not imported (reports.tasks imports this module). A broker that is down is logged,
    not raised: the run stays queued and the sweep sends it later.
    """
    try:
        run = ReportRun.objects.get(pk=run_id)
        if run.is_national:
            header = [signature("reports.tasks.compute_part", args=(run_id, area_id))
                      for area_id in Area.objects.values_list("pk", flat=True)]
            chord(header)(signature("reports.tasks.assemble_run", args=(run_id,)))
        else:
            signature("reports.tasks.execute_run", args=(run_id,)).apply_async(retry=False)
    except Exception:  # noqa: BLE001 - any broker failure leaves the run queued for the sweep
        log.warning("report run %s queued but not sent; the sweep will send it", run_id, exc_info=True)


# --- computing -----------------------------------------------------------------------------------

def _claim(run_id: int) -> ReportRun | None:
    """Mark the run running (one more attempt); None when it is already finished."""
    claimed = ReportRun.objects.filter(pk=run_id, status__in=[ReportRun.Status.QUEUED, ReportRun.Status.RUNNING]).update(
        status=ReportRun.Status.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), updated_at=timezone.now()
    )
    return ReportRun.objects.select_related("area").get(pk=run_id) if claimed else None


def _period(run: ReportRun) -> Period:
    return Period(run.period_start, run.period_end)


def area_snapshot(run: ReportRun, area_ids: list[int] | None) -> dict:
    period = _period(run)
    return {
        "figures": metrics.compute(period, area_ids, run.as_at),
        "trend": metrics.trend(period, area_ids, run.as_at),
    }


def report_part_compute(*, run_id: int, area_id: int) -> None:
    """One area's figures towards a national run; kept, so a retried or repeated task does nothing twice."""
    if ReportPart.objects.filter(run_id=run_id, area_id=area_id).exists():
        return
    unfinished = ReportRun.objects.filter(pk=run_id, status__in=[ReportRun.Status.QUEUED, ReportRun.Status.RUNNING])
    # Running, and touched (the sweep reads updated_at); the attempt is counted once, by the assembly.
    if not unfinished.update(status=ReportRun.Status.RUNNING, updated_at=timezone.now()):
        return
    run = ReportRun.objects.get(pk=run_id)
    snapshot = area_snapshot(run, [area_id])
    ReportPart.objects.get_or_create(run=run, area_id=area_id, defaults={"snapshot": snapshot})


def national_snapshot(run: ReportRun) -> dict:
    """ALL from the stored parts (any area missing is computed now), then non-additive figures over all areas."""
    for area_id in Area.objects.exclude(pk__in=run.parts.values("area_id")).values_list("pk", flat=True):
        report_part_compute(run_id=run.pk, area_id=area_id)
    parts = [part.snapshot for part in run.parts.order_by("area_id")]
    period = _period(run)
    return {
        "figures": metrics.national_from_parts(period, [p["figures"] for p in parts], run.as_at),
        "trend": metrics.add_up_trends([p["trend"] for p in parts]),
    }


def report_run_execute(*, run_id: int) -> ReportRun | None:
    """Compute the run (an area, or ALL from its parts), render its files and finish it exactly once."""
    run = _claim(run_id)
    if run is None:
        return None
    snapshot = national_snapshot(run) if run.is_national else area_snapshot(run, [run.area_id])
    from reports.outputs import render_all

    outputs = render_all(run, snapshot)
    return _finish(run_id, snapshot, outputs)


@transaction.atomic
def _finish(run_id: int, snapshot: dict, outputs: dict[str, bytes]) -> ReportRun | None:
    run = ReportRun.objects.select_for_update().get(pk=run_id)
    if run.status == ReportRun.Status.DONE:  # a duplicate delivery finished it first
        return None
    for fmt, content in outputs.items():
        ReportFile.objects.update_or_create(
            run=run, format=fmt,
            defaults={"name": f"{run.file_stem}.{fmt}", "content": content, "size": len(content),
                      "sha256": ReportFile.checksum(content)},
        )
    run.snapshot, run.status, run.error, run.finished_at = snapshot, ReportRun.Status.DONE, "", timezone.now()
    run.save(update_fields=["snapshot", "status", "error", "finished_at", "updated_at"])
    transaction.on_commit(lambda: notify_subscribers(run_id=run.pk))
    return run


def report_run_fail(*, run_id: int, error: str) -> None:
    ReportRun.objects.filter(pk=run_id).exclude(status=ReportRun.Status.DONE).update(
        status=ReportRun.Status.FAILED, error=error[:2000], finished_at=timezone.now(), updated_at=timezone.now()
    )


def stuck_runs(now: datetime.datetime | None = None):
    now = now or timezone.now()
    return ReportRun.objects.stuck(queued_before=now - QUEUED_GRACE, running_before=now - RUNNING_GRACE)


def report_runs_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue again every run a lost message or a killed worker left unfinished; returns their ids."""
    ids = list(stuck_runs(now).values_list("pk", flat=True))
    for run_id in ids:
        ReportRun.objects.filter(pk=run_id).update(updated_at=timezone.now())
        report_run_dispatch(run_id)
    return ids


def monthly_runs_request(*, today: datetime.date | None = None) -> list[ReportRun]:
    """The schedule: last month's published run for every area and for ALL, as at today."""
    from reports.periods import previous_month

    today = today or timezone.localdate()
    period = previous_month(today)
    refs = [*Area.objects.order_by("ref").values_list("ref", flat=True), NATIONAL]
    return [
        report_run_request(user=None, period=period, area_ref=ref, as_at=today, published=True, scheduled=True)
        for ref in refs
    ]


# --- files and subscriptions -----------------------------------------------------------------------

def report_file_download(*, user, run: ReportRun, fmt: str, request=None) -> ReportFile:
    """The file of a run the user may see (the caller checked that), audited as an export."""
    report_file = run.files.get(format=fmt)
    if not report_file.intact:
        raise ValidationError({"file": "The stored file does not match its checksum"})
    audit.record(request, AuditEvent.Action.EXPORT, report_file, user=user,
                 detail={"report": str(run), "run": run.pk, "format": fmt, "sha256": report_file.sha256,
                         "published": run.published})
    return report_file


@transaction.atomic
def subscription_set(*, user, area_ref: str, subscribed: bool) -> Subscription | None:
    if area_ref not in {ref for ref, _ in access.area_choices(user)}:
        raise ValidationError({"area": "You may not subscribe to this area"})
    if not subscribed:
        Subscription.objects.filter(user=user, area_ref=area_ref).delete()
        audit.record(None, AuditEvent.Action.DELETE, "reports.subscription", user=user, detail={"area": area_ref})
        return None
    subscription, _ = Subscription.objects.get_or_create(user=user, area_ref=area_ref)
    audit.record(None, AuditEvent.Action.CREATE, subscription, user=user, detail={"area": area_ref})
    return subscription


def notify_subscribers(*, run_id: int) -> int:
    """E-mail a link to the run (never the file) to each subscriber who may see it; returns how many."""
    run = ReportRun.objects.get(pk=run_id)
    if not (run.scheduled and run.published and run.status == ReportRun.Status.DONE):
        return 0
    sent = 0
    url = settings.DIP_BASE_URL.rstrip("/") + reverse("reports:run-detail", kwargs={"pk": run.pk})
    for subscription in Subscription.objects.filter(area_ref=run.area_ref).select_related("user__team"):
        user = subscription.user
        if not user.email or not access.runs_for(user).filter(pk=run.pk).exists():
            continue
        body = render_to_string("reports/email/ready.txt", {"run": run, "url": url, "user": user})
        send_mail(f"DIP report ready: {run}", body, None, [user.email])
        sent += 1
    return sent
