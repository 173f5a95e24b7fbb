"""/health reports the database, Redis and the worker heartbeat separately (reliability.md DEG-2)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from dip.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_up(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    return settings


def health(client):
    response = client.get("/health")
    return response.status_code, response.json()


def test_all_ok_for_an_anonymous_monitor(client, redis_up):
    Heartbeat.objects.create(pk=1, beat_at=timezone.now())
    status, body = health(client)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "worker": "ok"}}


def test_redis_down_is_degraded_not_an_error(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    Heartbeat.objects.create(pk=1, beat_at=timezone.now())
    status, body = health(client)
    assert status == 200
    assert body == {"status": "degraded", "checks": {"database": "ok", "redis": "unavailable", "worker": "ok"}}


def test_a_missing_or_stale_heartbeat_is_degraded(client, redis_up):
    status, body = health(client)
    assert (status, body["status"], body["checks"]["worker"]) == (200, "degraded", "no heartbeat yet")
    Heartbeat.objects.create(pk=1, beat_at=timezone.now() - timedelta(minutes=10))
    status, body = health(client)
    assert (status, body["status"], body["checks"]["worker"]) == (200, "degraded", "stale")


def test_database_down_is_503(client):
    with mock.patch("dip.views.connection.cursor", side_effect=OperationalError("connection refused")):
        status, body = health(client)
    assert status == 503
    assert body["status"] == "down" and body["checks"]["database"] == "unavailable" and body["checks"]["worker"] == "unknown"
