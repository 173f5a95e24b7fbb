"""Demo conditional cautions in Dorset (for the `custody` login): a session due today, a three-session condition
with a missed session to report, and one complied with. Idempotent: each made once by ref, never reset; dated
relative to the first run (the session due today is at the moment of seeding, so it is today at any hour)."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models.caution import ConditionalCaution
from assessments.services import caution as services
from clients.models import Client

DAY = datetime.timedelta(days=1)
# ref suffix, given name, family name, days ago issued, session offsets in days from now, attendance to record
SCENARIOS = [
    ("DUE", "Dot", "Demo-Cautioned", 2, [0], []),
    ("MISSED", "Eli", "Demo-Missed", 20, [-15, -8, 6], ["attended", "missed"]),
    ("DONE", "Fay", "Demo-Complied", 30, [-25], ["attended"]),
]


def seed(context: dict) -> None:
    worker = context["users"].get("custody")
    area = context["areas"].get("DOR")
    if worker is None or area is None or worker.team_id is None:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    for suffix, given, family, days, offsets, attendance in SCENARIOS:
        ref = f"DEMO-CAU-{suffix}"
        if ConditionalCaution.objects.filter(ref=ref).exists():
            continue
        sessions = [now + offset * DAY for offset in offsets]
        with transaction.atomic():
            client, _ = Client.objects.get_or_create(
                ref=f"DEMO-CAU-C-{suffix}",
                defaults={"given_name": given, "family_name": family, "date_of_birth": datetime.date(1990, 5, 6),
                          "sex": "F", "area": area},
            )
            caution = services.conditional_caution_issue(
                user=worker, client=client, issued_on=timezone.localdate() - days * DAY, offence="Theft from a shop",
                condition="three_session" if len(sessions) == 3 else "one_session", sessions=sessions,
            )
            ConditionalCaution.objects.filter(pk=caution.pk).update(ref=ref)
            for number, value in enumerate(attendance, 1):
                caution = services.conditional_caution_record_session(
                    user=worker, caution=caution, number=number, scheduled_at=sessions[number - 1], attendance=value)
