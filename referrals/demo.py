"""Demo referrals in Dorset: one or more in every stage, some waiting over three weeks. Idempotent.

Referrals are created once (by ref) and never reset, so a demo user's changes survive a re-seed.
"""

import datetime

from django.utils import timezone

from clients.models import Client, ClientRelation
from clients.services import client_relate
from dip.models import Provider, Team

# ref suffix, given, family, days ago referred, stage, extra
PLAN = [
    ("01", "Alex", "Demo-Waiting", 3, "awaiting_decision", {}),
    ("02", "Bea", "Demo-Waiting", 16, "awaiting_decision", {}),
    ("03", "Cal", "Demo-Waiting", 25, "awaiting_decision", {}),
    ("04", "Dee", "Demo-Accepted", 30, "accepted", {}),
    ("05", "Eli", "Demo-Accepted", 10, "accepted", {}),
    ("06", "Fay", "Demo-Started", 60, "in_treatment", {"start_after": 12}),
    ("07", "Gus", "Demo-Started", 90, "in_treatment", {"start_after": 28}),
    (
        "08",
        "Hal",
        "Demo-Discharged",
        200,
        "discharged",
        {"start_after": 9, "discharge_after": 120, "reason": "completed_drug_free"},
    ),
    (
        "09",
        "Ivy",
        "Demo-Discharged",
        150,
        "discharged",
        {"start_after": 20, "discharge_after": 60, "reason": "incomplete_dropped_out"},
    ),
    ("10", "Jo", "Demo-Declined", 40, "declined_by_provider", {"decline_reason": "Needs a residential placement"}),
    ("11", "Kit", "Demo-Declined", 35, "declined_by_client", {}),
    ("12", "Lee", "Demo-DNA", 45, "did_not_attend", {}),
    ("13", "Max", "Demo-Withdrawn", 50, "withdrawn", {}),
]
STATUS = {"awaiting_decision": "pending", "accepted": "pending", "in_treatment": "started", "discharged": "started"}


def seed(context: dict) -> None:
    from referrals.models import Referral

    area = context["areas"]["DOR"]
    custody = context["teams"]["DOR", Team.Kind.CUSTODY]
    provider = Provider.objects.filter(area=area, team__isnull=False).order_by("ref").first()
    if provider is None:
        return
    referrer = context["users"].get("custody")
    today = timezone.localdate()
    for suffix, given, family, ago, stage, extra in PLAN:
        client, _ = Client.objects.get_or_create(
            ref=f"DEMO-RFL-C{suffix}",
            defaults={
                "given_name": given,
                "family_name": family,
                "date_of_birth": datetime.date(1980 + int(suffix), 3, 9),
                "sex": "U",
                "area": area,
            },
        )
        referred = today - datetime.timedelta(days=ago)
        start = referred + datetime.timedelta(days=extra["start_after"]) if "start_after" in extra else None
        discharge = start + datetime.timedelta(days=extra["discharge_after"]) if "discharge_after" in extra else None
        Referral.objects.get_or_create(
            ref=f"DEMO-RFL-{suffix}",
            defaults={
                "client": client,
                "area": area,
                "provider": provider,
                "source": "custody_suite",
                "referral_date": referred,
                "referring_team": custody,
                "referred_by": referrer,
                "requested_intervention": "psychosocial",
                "status": STATUS.get(stage, stage),
                "accepted_at": timezone.now() if stage in ("accepted", "in_treatment", "discharged", "did_not_attend") else None,
                "treatment_start_date": start,
                "discharge_date": discharge,
                "discharge_reason": extra.get("reason", ""),
                "decline_reason": extra.get("decline_reason", ""),
                "status_changed_at": timezone.now(),
            },
        )
        client_relate(client=client, team=custody, reason=ClientRelation.Reason.REFERRED_BY)
        client_relate(client=client, team=provider.team, reason=ClientRelation.Reason.REFERRED_TO)
