"""Celery tasks for report runs: thin, take ids, acknowledge late, retry on transient errors.

A national run is a chord (sent by reports.services.report_run_dispatch): one task per area computes
that area's part, and the callback assembles ALL from the stored parts, so more workers make it faster.
Every step is idempotent against the database rows (reports.services), so a redelivered or repeated
message changes nothing, and the periodic sweep re-dispatches whatever a killed worker or a lost
message left unfinished.
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from reports import services

log = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)
TASK_OPTIONS = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": 5}


def _guarded(task, run_id: int, step):
    """Run a step; retry on a transient error, mark the run failed on any other (or when retries run out)."""
    try:
        return step()
    except TRANSIENT as error:
        if task.request.retries >= task.max_retries:
            services.report_run_fail(run_id=run_id, error=f"Gave up after {task.max_retries} retries: {error}")
            raise
        raise task.retry(exc=error, countdown=min(2 ** task.request.retries * 5, 300)) from error
    except Exception as error:
        log.exception("report run %s failed", run_id)
        services.report_run_fail(run_id=run_id, error=f"{type(error).__name__}: {error}")
        return None


@shared_task(**TASK_OPTIONS)
def execute_run(self, run_id: int) -> None:
    """An area's run, or (after its parts) the national assembly."""
    _guarded(self, run_id, lambda: services.report_run_execute(run_id=run_id))


@shared_task(ignore_result=False, **TASK_OPTIONS)
def compute_part(self, run_id: int, area_id: int) -> int:
    """One area's figures towards a national run (a chord header task: its result only says it finished)."""
    _guarded(self, run_id, lambda: services.report_part_compute(run_id=run_id, area_id=area_id))
    return area_id


@shared_task(**TASK_OPTIONS)
def assemble_run(self, _results, run_id: int) -> None:
    """The chord's callback: ALL from the parts (any missing part is computed here)."""
    _guarded(self, run_id, lambda: services.report_run_execute(run_id=run_id))


@shared_task(ignore_result=True)
def monthly_reports() -> list[int]:
    """Beat, 06:00 on the 1st: last month's published report for every area and ALL."""
    return [run.pk for run in services.monthly_runs_request()]


@shared_task(ignore_result=True)
def sweep_stuck_runs() -> list[int]:
    """Beat, every 5 minutes: send again the runs left queued or running."""
    return services.report_runs_sweep()
