import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dip.models import User
from supervision.models import DrrOrder

pytestmark = pytest.mark.django_db


def test_demo_caseload_is_idempotent_and_shows_every_clock(signed_in):
    call_command("seed_demo", stdout=io.StringIO())
    first = set(DrrOrder.objects.values_list("ref", "client_id"))
    call_command("seed_demo", stdout=io.StringIO())
    assert set(DrrOrder.objects.values_list("ref", "client_id")) == first and len(first) == 6
    officer = User.objects.get(username="probation")
    web = signed_in(officer)
    caseload = web.get(reverse("supervision:caseload")).content.decode()
    assert "Warning due by" in caseload and "Breach due by" in caseload and "Evidence due" in caseload
    home = web.get(reverse("dip:home")).content.decode()
    for section in ("Appointment outcomes to record", "Warnings and breaches due", "Evidence windows",
                    "Tests missing this week", "Reviews in the next 14 days"):
        assert section in home
    assert "No review hearing in the next 14 days." not in home
    breach_due = DrrOrder.objects.get(ref="DEMO-DRR-03")
    assert "1 week short" in web.get(breach_due.get_absolute_url()).content.decode()
    manager = signed_in(User.objects.get(username="probation-manager"))
    assert "Demo-Unallocated" in manager.get(reverse("supervision:caseload")).content.decode()
