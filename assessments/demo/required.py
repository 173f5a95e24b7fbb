"""Demo required assessments in Dorset, one per stage of the chain (idempotent: keyed by ref, made once).

Each comes from its own positive demo test, so the testing app's demo (which refreshes its tests in
place) never touches them. Times are relative to the first run: one due today, one overdue, a
failure to attend with its statement waiting to be checked, a follow-up due, and a completed one.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models.required import Attendance, RequiredAssessment
from assessments.services import required as services
from clients.models import Client
from dip.models import CustodySuite
from testing.models import DrugTest, TriggerOffence
from testing.services import relate_to_suite

H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


def _steps(ra, worker, step: str, now) -> None:
    if step in ("fta", "follow_up", "done"):
        services.required_assessment_record_attendance(ra=ra, user=worker, attendance=Attendance.FAILED_TO_ATTEND if step == "fta"
                                   else Attendance.ATTENDED, recorded_at=now - 20 * H)
    if step == "follow_up":
        services.required_assessment_decide_follow_up(ra=ra, user=worker, required=True, scheduled_at=now + 5 * D,
                                  location="Drug service, 1 High Street", assessor=worker, decided_at=now - 20 * H)
    if step == "done":
        services.required_assessment_decide_follow_up(ra=ra, user=worker, required=False, decided_at=now - 20 * H)
        services.required_assessment_record_outcome(ra=ra, user=worker, outcome="cjit_caseload")


# (ref suffix, hours before now the test was requested, appointment offset from now, step)
SCENARIOS = [
    ("DUE", 20, 3 * H, "imposed"),
    ("OVERDUE", 80, -30 * H, "imposed"),
    ("FTA", 80, -24 * H, "fta"),
    ("FOLLOWUP", 80, -24 * H, "follow_up"),
    ("DONE", 80, -24 * H, "done"),
]


def _later_today(now, offset):
    """now + offset, but never past the end of today in London: "due today" must stay today late in the evening."""
    local = timezone.localtime(now)
    last_minute = local.replace(hour=23, minute=59)
    return min(now + offset, last_minute)


def seed(context: dict) -> None:
    worker = context["users"].get("custody")
    area = context["areas"].get("DOR")
    suite = CustodySuite.objects.filter(area=area, team=worker.team).order_by("pk").first() if worker and area else None
    if suite is None:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    theft = TriggerOffence.objects.filter(code="theft-act-1968-s1").order_by("-valid_from").first()
    adults = [c for c in Client.objects.filter(area=area).order_by("-pk")[:40] if c.age_on(timezone.localdate()) >= 21]
    for (suffix, hours, offset, step), client in zip(SCENARIOS, adults, strict=False):
        ref = f"DEMO-RA-DOR-{suffix}"
        if RequiredAssessment.objects.filter(ref=ref).exists():
            continue
        with transaction.atomic():
            requested = now - hours * H
            test = DrugTest.objects.create(
                ref=f"DEMO-RA-DT-DOR-{suffix}", client=client, custody_suite=suite, stage="arrest", basis="trigger_offence",
                trigger_offence=theft, warning_given=True, requested_at=requested, sampled_at=requested + 0.2 * H,
                outcome="result", opiates="positive", cocaine="negative", recorded_by=worker,
            )
            relate_to_suite(test)
            ra = services.required_assessment_impose(
                drug_test=test, user=worker, imposed_at=requested + H,
                scheduled_at=_later_today(now, offset) if offset > datetime.timedelta(0) else now + offset,
                                 location=f"{suite.name}, interview room 2", assessor=worker, imposing_officer="PS 2041 Demo")
            RequiredAssessment.objects.filter(pk=ra.pk).update(ref=ref)
            _steps(ra, worker, step, now)
