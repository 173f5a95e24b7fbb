"""A real Celery worker runs a task published through the configured broker (Redis under make test and CI)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from dip.celery import app
from dip.models import Heartbeat
from dip.tasks import heartbeat


@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection: it sees only committed rows
def test_heartbeat_task_runs_on_a_worker_through_the_broker():
    if settings.REDIS_URL:
        assert app.conf.broker_url.startswith(("redis://", "redis+socket://"))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        deadline = time.monotonic() + 30
        while not Heartbeat.objects.filter(pk=1).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    assert Heartbeat.objects.filter(pk=1).exists(), "the worker did not run the task within 30 s"
