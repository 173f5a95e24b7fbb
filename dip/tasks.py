from celery import shared_task
from django.utils import timezone

from dip.models import Heartbeat


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Record that a worker is alive; /health reads it."""
    Heartbeat.objects.update_or_create(pk=1, defaults={"beat_at": timezone.now()})
