"""Court work pages for `manage.py bench` (see dip/benchmarks.py), as the custody drug worker: the area's open
Restrictions on Bail and conditional cautions, and one of each. Every client of the caseload gets an offer (every
other one a condition whose assessment was missed) and a caution (every other one with a missed session), so the
lists and the work queue grow with the size."""

import datetime

from django.utils import timezone

from dip.benchmarks import page, seeder

page("assessments:bail-list")
page("assessments:bail-detail", kwargs=lambda w: {"pk": w.bail.pk})
page("assessments:caution-list")
page("assessments:caution-detail", kwargs=lambda w: {"pk": w.caution.pk})


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
    _seed_cautions(world, client_ids, today)


def _seed_cautions(world, client_ids, today):
    """A three-session caution for each client: the first session attended, the second missed (every other one)."""
    from assessments.models.caution import CautionSession, ConditionalCaution

    issued = today - datetime.timedelta(days=20)
    cautions = ConditionalCaution.objects.bulk_create([
        ConditionalCaution(ref=f"BENCH-CAU-{world.size}-{client_id}", client_id=client_id, area=world.area,
                           issued_on=issued, offence="Theft", condition="three_session", team=world.teams["custody"])
        for client_id in client_ids
    ], batch_size=1000)
    start = timezone.make_aware(datetime.datetime.combine(issued, datetime.time(10)))
    CautionSession.objects.bulk_create([
        CautionSession(caution=c, number=n, scheduled_at=start + datetime.timedelta(days=7 * n),
                       attendance={1: "attended", 2: "missed" if i % 2 else ""}.get(n, ""))
        for i, c in enumerate(cautions) for n in (1, 2, 3)
    ], batch_size=2000)
    if cautions and getattr(world, "caution", None) is None:
        world.caution = cautions[0]
