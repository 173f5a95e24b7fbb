from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}

ROUTES = [
    Route("clients:client-search", get=READERS, post=READERS),
    Route(
        "clients:client-detail", get=READERS, audited=True,
        kwargs=lambda w: {"pk": w.client.pk}, other=lambda w: {"pk": w.other_client.pk},
    ),
]
