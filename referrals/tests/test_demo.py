import pytest
from django.core.management import call_command

from referrals.models import Referral, Stage


@pytest.mark.django_db
def test_demo_has_every_stage_some_over_three_weeks_and_is_idempotent():
    call_command("seed_demo")
    first = list(Referral.objects.order_by("ref").values_list("ref", "status"))
    assert {r.stage for r in Referral.objects.all()} == set(Stage.values)
    assert any((r.clock_days() or 0) > 21 for r in Referral.objects.pending())
    call_command("seed_demo")
    assert list(Referral.objects.order_by("ref").values_list("ref", "status")) == first
