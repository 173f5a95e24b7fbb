"""Permission matrix routes for conditional cautions (see dip/tests/matrix.py)."""

import datetime

from dip.tests.matrix import CASEWORK, Route

READERS = CASEWORK | {"dpo"}
CUSTODY = {"custody_worker", "team_manager"}


def build(world) -> None:
    """A failed caution (report drafted, awaiting the prosecution decision) in each area."""
    from assessments.models.caution import CautionSession, ConditionalCaution

    def caution(client, area):
        made = ConditionalCaution.objects.create(
            client=client, area=area, issued_on=datetime.date(2025, 5, 2), offence="Theft", condition="one_session",
            outcome="failed", concluded_on=datetime.date(2025, 5, 9), failure_reported_on=datetime.date(2025, 5, 9),
            report_text="Drafted report",
        )
        CautionSession.objects.create(caution=made, number=1, attendance="missed",
                                      scheduled_at=datetime.datetime(2025, 5, 6, 9, tzinfo=datetime.UTC))
        return made

    world.caution = caution(world.client, world.area)
    world.other_caution = caution(world.other_client, world.other_area)


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _session(attr):
    return lambda w: {"pk": getattr(w, attr).pk, "number": 1}


ROUTES = [
    Route("assessments:caution-list", get=CUSTODY, audited=True),
    Route("assessments:caution-create", get=CUSTODY, post=CUSTODY, audited=True,
          kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    Route("assessments:caution-detail", get=READERS, audited=True, kwargs=_pk("caution"), other=_pk("other_caution")),
    Route("assessments:caution-session", get=CUSTODY, post=CUSTODY, audited=True,
          kwargs=_session("caution"), other=_session("other_caution")),
    Route("assessments:caution-report", get=CUSTODY, post=CUSTODY, audited=True,
          kwargs=_pk("caution"), other=_pk("other_caution")),
    Route("assessments:caution-prosecution", get=CUSTODY, post=CUSTODY, audited=True,
          kwargs=_pk("caution"), other=_pk("other_caution")),
    Route("assessments:caution-report-print", get=READERS, audited=True, kwargs=_pk("caution"), other=_pk("other_caution")),
    Route("assessments:caution-report-pdf", get=READERS, audited=True, kwargs=_pk("caution"), other=_pk("other_caution")),
]
