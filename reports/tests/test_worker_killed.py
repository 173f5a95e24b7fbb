"""A real Celery worker (its own process, the configured broker) whose pool process is SIGKILLed mid-run:
the message is acknowledged late and requeued, and the run finishes exactly once (reliability.md JOB-1)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from reports import services, tasks
from reports.models import ReportRun
from reports.periods import Period
from reports.tests import factories as f

QUEUE = "reports-worker-killed-test"  # its own queue: no other test's message is taken


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _blocked_on_a_lock() -> bool:
    """A session of this database waits for a lock. pg_locks, not pg_stat_activity's wait columns: the application
    role (dip_app) may not read other sessions' wait details, but it may read pg_locks."""
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction and cached; the caller holds a transaction open.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted"
            " AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs the Redis broker (make test and CI set REDIS_URL)")
@pytest.mark.django_db(transaction=True)  # the worker process sees only committed rows
def test_a_worker_killed_mid_run_leaves_exactly_one_finished_run(areas, tmp_path):
    f.drug_test(f.client(areas[0]), f.suite(areas[0]), f.local(2025, 4, 3, 10))
    run = services.report_run_request(user=None, period=Period.parse("2025-04"), area_ref="DOR",
                                      as_at=datetime.date(2025, 7, 1), published=True, enqueue=False)
    database = connection.settings_dict
    env = {
        **os.environ, "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dip", "worker", "-P", "prefork", "-c", "1", "-Q", QUEUE,
         "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        with transaction.atomic():
            # Hold the run's row: the worker's first attempt blocks inside the task, "mid-run".
            ReportRun.objects.select_for_update().get(pk=run.pk)
            tasks.execute_run.apply_async((run.pk,), queue=QUEUE)
            _wait(_blocked_on_a_lock, 60, "the worker to start the run")
            pool = _wait(lambda: _children(worker.pid), 10, "the worker's pool process")
            os.kill(pool[0], signal.SIGKILL)
        # Released: the pool restarts and the requeued message (acks_late, reject_on_worker_lost) runs again.
        _wait(lambda: ReportRun.objects.get(pk=run.pk).status == "done", 90, "the run to finish")
        time.sleep(2)  # anything still to come would show now
    except AssertionError as error:
        raise AssertionError(f"{error}; the worker's log:\n{log_path.read_text()[-3000:]}") from error
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
    run.refresh_from_db()
    assert run.status == "done" and run.attempts >= 1
    assert ReportRun.objects.count() == 1 and run.files.filter(format="csv").count() == 1
    assert bytes(run.files.get(format="csv").content).decode().splitlines()[1] == "DOR,T1,,,*,,"
