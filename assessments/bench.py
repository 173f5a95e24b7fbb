"""Court work pages for `manage.py bench` (see dip/benchmarks.py), as the custody drug worker: the area's open
Restrictions on Bail and one restriction. Every client of the caseload gets an offer; every other one a condition
whose assessment was missed, so the list and the work queue grow with the size."""

import datetime

from django.utils import timezone

from dip.benchmarks import page, seeder

page("assessments:bail-list")
page("assessments:bail-detail", kwargs=lambda w: {"pk": w.bail.pk})


@seeder
def seed(world, client_ids, size):
    from assessments.models.bail import BailRestriction

    today = timezone.localdate()
    offered = today - datetime.timedelta(days=14)
    rows = [
        BailRestriction(
            ref=f"BENCH-ROB-{world.size}-{client_id}", client_id=client_id, area=world.area, court="Bench court",
            eligibility="misuse_contributed", offered_on=offered, response="agreed", team=world.teams["custody"],
            **({"court_decision": "bail_with_condition", "decided_on": offered, "compliance": "failed_to_attend_assessment",
                "assessment_attendance": "failed_to_attend", "report_text": "Drafted report"} if i % 2 else {}),
        )
        for i, client_id in enumerate(client_ids)
    ]
    created = BailRestriction.objects.bulk_create(rows, batch_size=1000)
    if created and getattr(world, "bail", None) is None:
        world.bail = created[0]
