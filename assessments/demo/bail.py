"""Demo Restrictions on Bail in Dorset (for the `custody` login): an offer awaiting the court, a condition whose
assessment was missed (report to check), and a compliant one. Idempotent: each made once by ref, never reset;
each from its own demo client and positive test, dated relative to the first run."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models.bail import BailRestriction
from assessments.services import bail as services
from clients.models import Client
from dip.models import CustodySuite
from testing.models import DrugTest, TriggerOffence
from testing.services import relate_to_suite

# ref suffix, given name, family name, days ago the offer was made, later steps
SCENARIOS = [
    ("OFFER", "Ada", "Demo-Offered", 1, []),
    ("FTA", "Bert", "Demo-Missed", 10, [("decision", {"court_decision": "bail_with_condition"}),
                                        ("assessment", {"assessment_attendance": "failed_to_attend"})]),
    ("OK", "Cy", "Demo-Complying", 20, [("decision", {"court_decision": "bail_with_condition"}),
                                        ("assessment", {"assessment_attendance": "attended"}),
                                        ("follow-up", {"follow_up": "engaged"})]),
]


def seed(context: dict) -> None:
    worker = context["users"].get("custody")
    area = context["areas"].get("DOR")
    suite = CustodySuite.objects.filter(area=area, team=worker.team).order_by("pk").first() if worker and area else None
    if suite is None:
        return
    theft = TriggerOffence.objects.filter(code="theft-act-1968-s1").order_by("-valid_from").first()
    today = timezone.localdate()
    for suffix, given, family, days, steps in SCENARIOS:
        ref = f"DEMO-ROB-{suffix}"
        if BailRestriction.objects.filter(ref=ref).exists():
            continue
        offered = today - datetime.timedelta(days=days)
        requested = timezone.make_aware(datetime.datetime.combine(offered - datetime.timedelta(days=1), datetime.time(9)))
        with transaction.atomic():
            client, _ = Client.objects.get_or_create(
                ref=f"DEMO-ROB-C-{suffix}",
                defaults={"given_name": given, "family_name": family, "date_of_birth": datetime.date(1986, 2, 3),
                          "sex": "M", "area": area},
            )
            test = DrugTest.objects.create(
                ref=f"DEMO-ROB-DT-{suffix}", client=client, custody_suite=suite, stage="charge", basis="trigger_offence",
                trigger_offence=theft, warning_given=True, requested_at=requested,
                sampled_at=requested + datetime.timedelta(minutes=12), outcome="result", opiates="positive",
                cocaine="positive", recorded_by=worker,
            )
            relate_to_suite(test)
            rob = services.bail_restriction_offer(
                user=worker, client=client, drug_test=test, court="Bournemouth Magistrates' Court",
                charge="Theft from a shop", eligibility="misuse_motivated", offered_on=offered, response="agreed",
            )
            BailRestriction.objects.filter(pk=rob.pk).update(ref=ref)
            assessment_at = timezone.make_aware(datetime.datetime.combine(offered + datetime.timedelta(days=3),
                                                                          datetime.time(10)))
            for step, values in steps:
                extra = {"decision": {"decided_on": offered}, "assessment": {"assessment_at": assessment_at}}.get(step, {})
                rob = services.bail_restriction_record(user=worker, restriction=rob, step=step, **values, **extra)
