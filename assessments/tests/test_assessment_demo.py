from django.core.management import call_command

from assessments.models.assessment import Assessment
from clients.models import Consent


def test_demo_assessments_are_idempotent(db):
    call_command("seed_demo")
    counts = (Assessment.objects.count(), Consent.objects.count())
    call_command("seed_demo")
    assert (Assessment.objects.count(), Consent.objects.count()) == counts
    assert Assessment.objects.filter(ref__startswith="DEMO-ASSESS", status="draft").count() == 1
    assert Assessment.objects.filter(ref__startswith="DEMO-ASSESS", status="completed").count() == 2
