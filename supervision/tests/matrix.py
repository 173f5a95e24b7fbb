"""The DRR pages in the URL x role matrix (dip/tests/matrix.py): probation officers work on their team's orders,
a data protection officer reads them, a treatment provider sees its clients' orders in summary; another
team's order is 404."""

import datetime

from django.utils import timezone

from dip.tests.matrix import Route

PROBATION = {"probation_officer"}
READERS = PROBATION | {"dpo"}
PROVIDER = {"treatment_worker"}


def build(world) -> None:
    """An order of world.client supervised by the matrix probation team (provider: the matrix service), with a
    recorded unacceptable absence, a warning, a breach, a test and a review; the same for world.other_client
    under a probation team of the other area."""
    from dip.models import Team
    from dip.tests.factories import UserFactory
    from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrReview, DrrTest, DrrWarning

    other_team = Team.objects.create(name="Other probation", kind=Team.Kind.PROBATION, area=world.other_area)
    other_officer = UserFactory(username="mx_other_probation", role="Probation officer", team=other_team)
    now = timezone.now()
    for prefix, client, team, officer, area, provider in [
        ("", world.client, world.teams["probation"], world.users["probation_officer"], world.area, world.provider),
        ("other_", world.other_client, other_team, other_officer, world.other_area, world.other_provider),
    ]:
        order = DrrOrder.objects.create(
            client=client, area=area, team=team, responsible_officer=officer, provider=provider,
            order_type="community_order", court="Matrix Magistrates' Court", sentence_date=datetime.date(2025, 1, 6),
            start_date=datetime.date(2025, 1, 7), end_date=datetime.date(2027, 1, 6), intensity="medium",
        )
        failure = DrrAppointment.objects.create(drr_order=order, kind="offender_manager",
                                                scheduled_at=now - datetime.timedelta(days=20),
                                                outcome="unacceptable_absence", outcome_recorded_at=now)
        second = DrrAppointment.objects.create(drr_order=order, kind="treatment",
                                               scheduled_at=now - datetime.timedelta(days=10),
                                               outcome="unacceptable_absence", outcome_recorded_at=now)
        setattr(world, f"{prefix}order", order)
        setattr(world, f"{prefix}appointment", failure)
        setattr(world, f"{prefix}warning", DrrWarning.objects.create(
            drr_order=order, failure=failure, issued_on=failure.scheduled_day, letter="You did not attend."))
        setattr(world, f"{prefix}breach", DrrBreach.objects.create(
            drr_order=order, failure=second, initiated_on=second.scheduled_day, summary="Second failure."))
        setattr(world, f"{prefix}drr_test", DrrTest.objects.create(drr_order=order, taken_at=now))
        setattr(world, f"{prefix}review", DrrReview.objects.create(
            drr_order=order, hearing_date=now.date() + datetime.timedelta(days=7), court="Matrix Magistrates' Court"))


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _routes(name, attr, get, post=None, audited=True):
    return Route(f"supervision:{name}", get=get, post=post, audited=audited, kwargs=_pk(attr), other=_pk(f"other_{attr}"))


ROUTES = [
    Route("supervision:caseload", get=PROBATION, audited=True),
    Route("supervision:day-sheet", get=PROBATION, post=PROBATION, audited=True),
    Route("supervision:provider-orders", get=PROVIDER, audited=True),
    Route("supervision:order-create", get=PROBATION, post=PROBATION, audited=True,
          kwargs=lambda w: {"client_pk": w.client.pk}, other=lambda w: {"client_pk": w.other_client.pk}),
    _routes("order-detail", "order", READERS),
    _routes("order-edit", "order", PROBATION, PROBATION),
    _routes("order-terminate", "order", PROBATION, PROBATION),
    _routes("order-reassign", "order", set(), set()),  # probation team managers only (none in the matrix's roles)
    _routes("appointment-create", "order", PROBATION, PROBATION),
    _routes("appointment-outcome", "appointment", PROBATION, PROBATION),
    _routes("warning-issue", "appointment", PROBATION, PROBATION),
    _routes("warning-letter", "warning", READERS),
    _routes("breach-initiate", "appointment", PROBATION, PROBATION),
    _routes("breach-pack", "breach", READERS),
    _routes("breach-pack-pdf", "breach", READERS, audited=False),  # audited as PRINT, tested in test_views
    _routes("breach-outcome", "breach", PROBATION, PROBATION),
    _routes("test-direct", "order", PROBATION, PROBATION),
    _routes("test-result", "drr_test", PROBATION, PROBATION),
    _routes("review-schedule", "order", PROBATION, PROBATION),
    _routes("review-report", "review", PROBATION, PROBATION),
    _routes("review-report-print", "review", READERS),
    _routes("review-report-pdf", "review", READERS, audited=False),
    _routes("review-outcome", "review", PROBATION, PROBATION),
    _routes("provider-view", "review", PROVIDER, PROVIDER),
    _routes("provider-order", "order", PROVIDER),
]
