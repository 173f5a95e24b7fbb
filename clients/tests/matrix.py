import datetime

from django.utils import timezone

from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}
MANAGERS = {"team_manager", "dpo"}


def build(world):
    """The DPO has given a reason to view world.client; each client has an alias to remove."""
    from clients.models import AccessGrant, ClientAlias

    AccessGrant.objects.create(
        user=world.users["dpo"], client=world.client, reason=AccessGrant.Reason.DATA_PROTECTION,
        detail="Subject access request", expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    world.alias = ClientAlias.objects.create(client=world.client, given_name="Maya", family_name="Matrix")
    world.other_alias = ClientAlias.objects.create(client=world.other_client, given_name="Otis", family_name="Elsewhere")


def _client(w):
    return {"pk": w.client.pk}


def _other(w):
    return {"pk": w.other_client.pk}


ROUTES = [
    Route("clients:client-search", get=READERS, post=READERS),
    Route("clients:client-create", get=CASEWORK, post=CASEWORK),
    Route("clients:break-glass", get=READERS, post=READERS),
    Route("clients:client-detail", get=READERS, audited=True, kwargs=_client, other=_other),
    Route("clients:client-edit", get=CASEWORK, post=CASEWORK, audited=True, kwargs=_client, other=_other),
    Route("clients:alias-add", get=CASEWORK, post=CASEWORK, audited=True, kwargs=_client, other=_other),
    Route(
        "clients:alias-remove", post=CASEWORK,
        kwargs=lambda w: {"pk": w.client.pk, "alias_pk": w.alias.pk},
        other=lambda w: {"pk": w.other_client.pk, "alias_pk": w.other_alias.pk},
    ),
    Route("clients:consent-add", get=CASEWORK, post=CASEWORK, audited=True, kwargs=_client, other=_other),
    Route("clients:client-access", get=MANAGERS, audited=True, kwargs=_client, other=_other),
    Route("clients:view-reason", get={"dpo"}, post={"dpo"}, kwargs=_client, other=_other),
]
