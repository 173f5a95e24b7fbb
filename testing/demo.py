"""Demo drug tests for demo clients at the demo custody suites (idempotent: keyed by ref).

Times are relative to now, so the work queue always has something to show: a positive test today
awaiting a decision, a disputed test overdue at the laboratory, one not sent yet, and a few others.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import Client
from dip import workdays
from dip.models import CustodySuite
from testing.models import DrugTest, TriggerOffence, local_date
from testing.services import relate_to_suite

H = datetime.timedelta(hours=1)


def _scenarios(now: datetime.datetime) -> list[dict]:
    # A dispatch date 7 working days ago, so that the laboratory result is overdue.
    sent_day = local_date(now)
    while workdays.working_days_between(sent_day, local_date(now)) < 7:
        sent_day -= datetime.timedelta(days=1)
    sent = timezone.make_aware(datetime.datetime.combine(sent_day, datetime.time(15, 0)))
    result = {"outcome": "result", "opiates": "negative", "cocaine": "negative"}
    return [
        {**result, "requested_at": now - H, "opiates": "positive"},
        {**result, "requested_at": now - 2 * H, "cocaine": "positive", "opiates": "positive"},
        {**result, "requested_at": now - 3 * H},
        {**result, "requested_at": sent - 6 * H, "cocaine": "positive", "disputed": True, "disputed_at": sent - 5 * H,
         "sent_to_laboratory_at": sent},
        {**result, "requested_at": now - 4 * H, "opiates": "positive", "disputed": True, "disputed_at": now - 3 * H},
        {"requested_at": now - 26 * H, "outcome": "refused"},
        {**result, "requested_at": now - 50 * H, "cocaine": "positive", "assessment_decision": "not_imposed",
         "assessment_decision_reason": "Already in treatment with the community drug service",
         "assessment_decided_at": now - 49 * H},
        {**result, "requested_at": now - 30 * H, "basis": "inspector_authorised", "offence": "Criminal damage",
         "inspector_name": "R Patel", "inspector_rank": "inspector", "authorisation_mode": "written",
         "authorisation_grounds": "Found with drug paraphernalia; behaviour consistent with recent use",
         "trigger_offence": None},
    ]


def seed(context: dict) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    theft = TriggerOffence.objects.in_force_on(local_date(now)).get(code="theft-act-1968-s1")
    for area_ref, area in context["areas"].items():
        suite = CustodySuite.objects.filter(area=area, team__isnull=False).order_by("pk").first()
        if suite is None:
            continue
        today = local_date(now)
        adults = [c for c in Client.objects.filter(area=area).order_by("pk")[:40] if c.age_on(today) >= 18]
        for number, (client, scenario) in enumerate(zip(adults, _scenarios(now), strict=False), 1):
            fields = {"client": client, "custody_suite": suite, "stage": "arrest", "basis": "trigger_offence",
                      "trigger_offence": theft, "warning_given": True, **scenario}
            if fields.get("outcome") == "result":
                fields["sampled_at"] = fields["requested_at"] + datetime.timedelta(minutes=12)
            ref = f"DEMO-DT-{area_ref}-{number}"
            test = DrugTest(ref=ref, **fields)
            existing = DrugTest.objects.filter(ref=ref).values("pk", "created_at").first()
            if existing:  # refresh in place: same row, same ref
                test.pk, test.created_at = existing["pk"], existing["created_at"]
            try:
                test.full_clean()
            except ValidationError:
                continue  # a demo client who cannot be tested this way (e.g. too young): leave them out
            test.save()
            relate_to_suite(test)
