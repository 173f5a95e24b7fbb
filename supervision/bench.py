"""DRR pages for `manage.py bench` (see dip/benchmarks.py): the caseload, an order, the day sheet, as the probation officer.

Every other client of the caseload (those the probation team supervises) gets an order with weekly appointments
(past ones recorded, one unacceptable absence), tests and a review, so the pages' data grows with the size.
"""

import datetime

from django.utils import timezone

from dip.benchmarks import page, seeder
from supervision import clocks
from supervision.models import DrrAppointment, DrrOrder, DrrReview, DrrTest

OFFICER = "probation_officer"

page("supervision:caseload", role=OFFICER)
page("supervision:order-detail", kwargs=lambda w: {"pk": w.drr_order.pk}, role=OFFICER)
page("supervision:day-sheet", role=OFFICER)


@seeder
def seed(world, client_ids, size):
    from clients.models import ClientRelation

    supervised = list(ClientRelation.objects.filter(client_id__in=client_ids, team=world.teams["probation"],
                                                    reason=ClientRelation.Reason.SUPERVISES).values_list("client_id", flat=True))
    today = timezone.localdate()
    officer = world.users[OFFICER]
    orders = DrrOrder.objects.bulk_create([
        DrrOrder(ref=f"BENCH-DRR-{world.size}-{client_id}", client_id=client_id, area=world.area,
                 team=world.teams["probation"], responsible_officer=officer, order_type="community_order",
                 court="Bench Magistrates' Court", sentence_date=today - datetime.timedelta(weeks=9),
                 start_date=today - datetime.timedelta(weeks=8), end_date=today + datetime.timedelta(weeks=44),
                 intensity="medium")
        for client_id in supervised
    ], batch_size=1000)
    now = timezone.now()
    appointments, tests, reviews = [], [], []
    for order in orders:
        start = datetime.datetime.combine(order.start_date, datetime.time(10), tzinfo=clocks.LONDON)
        for week, moment in enumerate(clocks.weekly_occurrences(start, 10)):
            recorded = moment < now
            outcome = ("unacceptable_absence" if week == 6 else "attended") if recorded else ""
            appointments.append(DrrAppointment(drr_order=order, kind="offender_manager", scheduled_at=moment,
                                               outcome=outcome, outcome_recorded_at=moment if recorded else None))
            tests.append(DrrTest(drr_order=order, taken_at=moment, outcome="taken" if recorded else "",
                                 result="negative" if recorded else ""))
        reviews.append(DrrReview(drr_order=order, hearing_date=today + datetime.timedelta(days=7), court="Bench court"))
    DrrAppointment.objects.bulk_create(appointments, batch_size=2000)
    DrrTest.objects.bulk_create(tests, batch_size=2000)
    DrrReview.objects.bulk_create(reviews, batch_size=2000)
    if orders and getattr(world, "drr_order", None) is None:
        world.drr_order = orders[0]
