"""Demo DRR caseload for the Dorset probation officer ("probation"): every clock on show. Idempotent.

Orders are made once (by ref) and never reset, so a demo user's changes survive a re-seed. Dates are relative
to today, so the clocks are live whenever the demo is seeded.
"""

import datetime

from django.utils import timezone

from clients.models import Client, ClientRelation
from clients.services import client_relate
from dip.models import Provider, Team
from supervision import clocks

# ref suffix, given, family, weeks since start, intensity, what to show
PLAN = [
    ("01", "Nia", "Demo-Compliant", 10, "medium", "compliant"),
    ("02", "Oscar", "Demo-Warning-Due", 6, "high", "warning_due"),
    ("03", "Pip", "Demo-Breach-Due", 20, "medium", "breach_due"),
    ("04", "Quinn", "Demo-Evidence", 4, "low", "evidence"),
    ("05", "Rae", "Demo-Review", 40, "medium", "review"),
    ("06", "Sol", "Demo-Unallocated", 3, "medium", "unallocated"),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=clocks.LONDON)


def seed(context: dict) -> None:
    from supervision.models import DrrAppointment, DrrOrder, DrrReview, DrrTest, DrrWarning

    area = context["areas"]["DOR"]
    team = context["teams"]["DOR", Team.Kind.PROBATION]
    treatment = context["teams"]["DOR", Team.Kind.TREATMENT]
    officer = context["users"].get("probation")
    provider = Provider.objects.filter(area=area, team=treatment).order_by("ref").first()
    today = timezone.localdate()
    now = timezone.now()
    for suffix, given, family, weeks, intensity, show in PLAN:
        ref = f"DEMO-DRR-{suffix}"
        if DrrOrder.objects.filter(ref=ref).exists():
            continue
        client, _ = Client.objects.get_or_create(
            ref=f"DEMO-DRR-C{suffix}",
            defaults={"given_name": given, "family_name": family, "date_of_birth": datetime.date(1987, 5, int(suffix)),
                      "sex": "U", "area": area},
        )
        start = today - datetime.timedelta(weeks=weeks)
        allocated = show != "unallocated"
        order = DrrOrder.objects.create(
            ref=ref, client=client, area=area, team=team if allocated else None,
            responsible_officer=officer if allocated else None, provider=provider,
            order_type="community_order" if int(suffix) % 2 else "suspended_sentence_order",
            court="Bournemouth Magistrates' Court", sentence_date=start - datetime.timedelta(days=7), start_date=start,
            end_date=start + datetime.timedelta(days=540 if show == "review" else 300), intensity=intensity,
        )
        if allocated:
            client_relate(client=client, team=team, reason=ClientRelation.Reason.SUPERVISES)
        if provider is not None:
            client_relate(client=client, team=treatment, reason=ClientRelation.Reason.REFERRED_TO)
        # Weekly offender-manager appointments at 10:00 on the start's weekday, up to two weeks ahead.
        moments = clocks.weekly_occurrences(_at(start, 10), weeks + 3)
        appointments = [DrrAppointment(drr_order=order, kind="offender_manager", scheduled_at=m) for m in moments]
        past = [a for a in appointments if a.scheduled_at < now]
        for a in past[:-1]:
            a.outcome, a.outcome_recorded_at, a.outcome_recorded_by = "attended", a.scheduled_at, officer
        failures = []
        if show in ("warning_due", "breach_due") and len(past) >= 3:
            failures = [past[-3]] if show == "breach_due" else []
            failures.append(past[-2])
            for a in failures:
                a.outcome = "unacceptable_absence"
        if show == "evidence" and len(past) >= 2:
            past[-2].outcome, past[-2].absence_reason = "awaiting_evidence", "illness"
        DrrAppointment.objects.bulk_create(appointments)
        if show == "breach_due" and failures:
            DrrWarning.objects.create(drr_order=order, failure=failures[0], issued_on=failures[0].scheduled_day,
                                      issued_by=officer, letter="Demo warning letter.")
        # Tests: twice a week, except that the last finished week is one short for two of the orders.
        short = show in ("breach_due", "warning_due")
        tests = []
        for week in range(weeks):
            for offset in (1, 3):
                if short and week == min(weeks, 16) - 1 and offset == 3:  # a finished week of the twice-weekly phase
                    continue
                moment = _at(start + datetime.timedelta(weeks=week, days=offset), 11)
                if moment < now:
                    tests.append(DrrTest(drr_order=order, taken_at=moment, directed_by="responsible_officer",
                                         outcome="taken", result="negative", recorded_by=officer))
        if tests and show == "review":
            tests[-1].result, tests[-1].substances = "positive", ["cocaine"]
        DrrTest.objects.bulk_create(tests)
        if show == "review":
            DrrReview.objects.create(drr_order=order, hearing_date=today + datetime.timedelta(days=9),
                                     court="Bournemouth Magistrates' Court")
