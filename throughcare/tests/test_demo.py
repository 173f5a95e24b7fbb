import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from clients.models import Client
from dip import roles
from throughcare.models import Aftercare, PrisonRelease, Stage


@pytest.mark.django_db
def test_demo_has_a_community_login_and_every_hand_over_stage_and_is_idempotent():
    call_command("seed_demo")
    community = get_user_model().objects.get(username="community")
    assert community.role == roles.COMMUNITY_WORKER and community.team.kind == "community"
    first = sorted(PrisonRelease.objects.values_list("ref", "release_date"))
    assert {r.stage for r in PrisonRelease.objects.all()} == set(Stage.values)
    assert any(r.pick_up_overdue() for r in PrisonRelease.objects.all())
    visible = set(Client.objects.visible_to(community).values_list("ref", flat=True))
    assert "DEMO-PRI-C01" in visible and "DEMO-PRI-C02" not in visible  # release planning not yet started
    assert Aftercare.objects.filter(referral__ref="DEMO-RFL-08").exists()
    call_command("seed_demo")
    assert sorted(PrisonRelease.objects.values_list("ref", "release_date")) == first
