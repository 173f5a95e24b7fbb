import datetime

from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}
COMMUNITY = {"community_worker"}
TREATMENT = {"treatment_worker"}


def build(world) -> None:
    """A prison period and an after-care episode for world.client (and for world.other_client elsewhere)."""
    from throughcare.models import Aftercare, PrisonRelease

    def release(client, area):
        return PrisonRelease.objects.create(
            client=client, area=area, prison="HMP Matrix", reception_date=datetime.date(2025, 1, 6), status="sentenced",
            expected_release_date=datetime.date(2025, 6, 1),
        )

    def aftercare(client, area, provider):
        return Aftercare.objects.create(client=client, area=area, provider=provider, started_on=datetime.date(2025, 3, 1))

    world.release, world.other_release = release(world.client, world.area), release(world.other_client, world.other_area)
    world.aftercare = aftercare(world.client, world.area, world.provider)
    world.other_aftercare = aftercare(world.other_client, world.other_area, world.other_provider)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _client(attr):
    return lambda w: {"client_pk": getattr(w, attr).pk}


def _step(attr):
    return lambda w: {"pk": getattr(w, attr).pk, "step": "plan"}


ROUTES = [
    Route("throughcare:release-list", get=COMMUNITY, audited=True),
    Route("throughcare:release-create", get=COMMUNITY, post=COMMUNITY, audited=True,
          kwargs=_client("client"), other=_client("other_client")),
    Route("throughcare:release-detail", get=READERS, audited=True, kwargs=_pk("release"), other=_pk("other_release")),
    Route("throughcare:release-step", get=COMMUNITY, post=COMMUNITY, audited=True,
          kwargs=_step("release"), other=_step("other_release")),
    Route("throughcare:aftercare-list", get=TREATMENT, audited=True),
    Route("throughcare:aftercare-create", get=TREATMENT, post=TREATMENT, audited=True,
          kwargs=_client("client"), other=_client("other_client")),
    Route("throughcare:aftercare-detail", get=READERS, audited=True, kwargs=_pk("aftercare"), other=_pk("other_aftercare")),
    Route("throughcare:aftercare-end", get=TREATMENT, post=TREATMENT, audited=True,
          kwargs=_pk("aftercare"), other=_pk("other_aftercare")),
    Route("throughcare:group-session", get=TREATMENT, post=TREATMENT, audited=True,
          kwargs=lambda w: {"provider_pk": w.provider.pk}, other=lambda w: {"provider_pk": w.other_provider.pk}),
]
