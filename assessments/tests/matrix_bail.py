"""Permission matrix routes for Restriction on Bail (see dip/tests/matrix.py)."""

import datetime

from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}
CUSTODY = {"custody_worker", "team_manager"}


def build(world) -> None:
    """An undecided offer (with a drafted report, so that the print pages answer) in each area; after
    matrix_custody.build, whose positive tests they use."""
    from assessments.models.bail import BailRestriction

    def offer(client, area, test):
        return BailRestriction.objects.create(
            client=client, area=area, drug_test=test, court="Matrix Magistrates' Court", eligibility="misuse_contributed",
            offered_on=datetime.date(2025, 5, 2), response="agreed", report_text="Drafted report",
        )

    world.bail = offer(world.client, world.area, world.undecided_test)
    world.other_bail = offer(world.other_client, world.other_area, world.other_undecided_test)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _step(attr):
    return lambda w: {"pk": getattr(w, attr).pk, "step": "decision"}


ROUTES = [
    Route("assessments:bail-list", get=CUSTODY, audited=True),
    Route("assessments:bail-create", get=CUSTODY, post=CUSTODY, audited=True,
          kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    Route("assessments:bail-detail", get=READERS, audited=True, kwargs=_pk("bail"), other=_pk("other_bail")),
    Route("assessments:bail-step", get=CUSTODY, post=CUSTODY, audited=True, kwargs=_step("bail"), other=_step("other_bail")),
    Route("assessments:bail-report-print", get=READERS, audited=True, kwargs=_pk("bail"), other=_pk("other_bail")),
    Route("assessments:bail-report-pdf", get=READERS, audited=True, kwargs=_pk("bail"), other=_pk("other_bail")),
]
