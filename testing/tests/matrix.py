"""Drug-test routes in the URL x role matrix (dip/tests/matrix.py)."""

import datetime

from dip.tests.matrix import CASEWORK, Route

RECORDERS = frozenset({"custody_worker", "team_manager"})  # both on the world's custody team


def build(world) -> None:
    from testing.models import DrugTest, TriggerOffence

    theft = TriggerOffence.objects.get(code="theft-act-1968-s1")
    at = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=datetime.UTC)
    common = {
        "stage": "arrest", "basis": "trigger_offence", "trigger_offence": theft, "warning_given": True,
        "requested_at": at, "sampled_at": at + datetime.timedelta(minutes=5), "outcome": "result",
        "opiates": "positive", "cocaine": "negative",
    }
    world.drug_test = DrugTest.objects.create(client=world.client, custody_suite=world.suite, **common)
    world.other_drug_test = DrugTest.objects.create(
        client=world.other_client, custody_suite=world.other_suite, **common
    )


def _test(w):
    return {"pk": w.drug_test.pk}


def _other(w):
    return {"pk": w.other_drug_test.pk}


ROUTES = [
    Route("testing:drugtest-list", get=RECORDERS | {"dpo"}, audited=True),
    Route("testing:drugtest-create", get=RECORDERS, post=RECORDERS, audited=True,
          kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    Route("testing:drugtest-detail", get=CASEWORK | {"dpo"}, audited=True, kwargs=_test, other=_other),
    Route("testing:drugtest-edit", get=RECORDERS, post=RECORDERS, audited=True, kwargs=_test, other=_other),
] + [
    Route(f"testing:drugtest-{step}", get=RECORDERS, post=RECORDERS, audited=True, kwargs=_test, other=_other)
    for step in ("result", "dispute", "laboratory", "confirmation")
]
