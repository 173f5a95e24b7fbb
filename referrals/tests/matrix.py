import datetime

from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}


def build(world) -> None:
    """A pending referral to the area's provider for world.client, and one elsewhere for world.other_client."""
    from referrals.models import Referral

    world.referral = Referral.objects.create(
        client=world.client,
        area=world.area,
        provider=world.provider,
        source="custody_suite",
        referral_date=datetime.date(2025, 4, 1),
        referring_team=world.teams["custody"],
    )
    world.other_referral = Referral.objects.create(
        client=world.other_client,
        area=world.other_area,
        provider=world.other_provider,
        source="court",
        referral_date=datetime.date(2025, 4, 1),
    )


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _action(attr, action):
    return lambda w: {"pk": getattr(w, attr).pk, "action": action}


ROUTES = [
    Route("referrals:referral-list", get=CASEWORK, audited=True),
    Route("referrals:queue", get={"treatment_worker"}, audited=True),
    Route("referrals:area-open", get={"team_manager"}, audited=True),
    Route(
        "referrals:referral-create",
        get=CASEWORK,
        post=CASEWORK,
        audited=True,
        kwargs=lambda w: {"client_pk": w.client.pk},
        other=lambda w: {"client_pk": w.other_client.pk},
    ),
    Route("referrals:referral-detail", get=READERS, audited=True, kwargs=_pk("referral"), other=_pk("other_referral")),
    Route(
        "referrals:referral-action",
        get={"treatment_worker"},
        post={"treatment_worker"},
        audited=True,
        kwargs=_action("referral", "accept"),
        other=_action("other_referral", "accept"),
    ),
]
