"""Demo prison releases (Dorset, for the `community` login) in every stage of the hand-over, and after-care
after the demo successful discharge. Idempotent: created once by ref, never reset."""

import datetime

from django.utils import timezone

from clients.models import Client, ClientRelation
from clients.services import client_relate
from dip.models import Provider, Team

# ref suffix, given, family, days from today: expected release, plan, release, first contact, first treatment
PLAN = [
    ("01", "Ned", "Demo-Unplanned", {"expected": 20}),
    ("02", "Ora", "Demo-Later", {"expected": 90}),  # planning starts in 48 days: not yet seen by the community team
    ("03", "Pip", "Demo-Planned", {"expected": 10, "plan": -2, "alerted": -1}),
    ("04", "Quin", "Demo-Released", {"expected": -3, "plan": -20, "alerted": -15, "release": -3}),
    ("05", "Rae", "Demo-Overdue", {"expected": -10, "plan": -30, "release": -10}),
    ("06", "Sol", "Demo-Treated", {"expected": -30, "plan": -50, "release": -30, "contact": -25, "treatment": -18}),
    ("07", "Tam", "Demo-PickedUp", {"expected": -12, "plan": -30, "alerted": -20, "release": -12, "contact": -6}),
]


def _day(today, offset):
    return today + datetime.timedelta(days=offset) if offset is not None else None


def seed(context: dict) -> None:
    from throughcare.models import Aftercare, AftercareSession, PrisonRelease
    from throughcare.services.prison import relate_release_area

    area = context["areas"]["DOR"]
    community = context["teams"]["DOR", Team.Kind.COMMUNITY]
    today = timezone.localdate()
    for suffix, given, family, days in PLAN:
        client, _ = Client.objects.get_or_create(
            ref=f"DEMO-PRI-C{suffix}",
            defaults={"given_name": given, "family_name": family, "date_of_birth": datetime.date(1985, 1, int(suffix)),
                      "sex": "M", "area": area},
        )
        release_date = _day(today, days.get("release"))
        release, _ = PrisonRelease.objects.get_or_create(
            ref=f"DEMO-PRI-{suffix}",
            defaults={
                "client": client, "area": area, "prison": "HMP Guys Marsh", "status": "sentenced",
                "reception_date": today - datetime.timedelta(days=200),
                "expected_release_date": _day(today, days.get("expected")),
                "release_plan_date": _day(today, days.get("plan")), "alerted_on": _day(today, days.get("alerted")),
                "release_date": release_date, "release_type": "licence" if release_date else "",
                "first_contact_date": _day(today, days.get("contact")),
                "first_treatment_date": _day(today, days.get("treatment")),
                "plan_summary": "Heroin and crack use before custody; stable on methadone in prison; overdose risk "
                                "explained; first appointment with the community team arranged." if "plan" in days else "",
                "recorded_by_team": community if "plan" in days else None,
            },
        )
        relate_release_area(release)
        if release.recorded_by_team_id:
            client_relate(client=client, team=community, reason=ClientRelation.Reason.RECORDED)

    # After-care for the demo referral that ended drug free (referrals.demo, DEMO-RFL-08).
    from referrals.models import Referral

    referral = Referral.objects.filter(ref="DEMO-RFL-08").select_related("provider").first()
    provider = Provider.objects.filter(area=area, team__isnull=False).order_by("ref").first()
    if referral is None or provider is None or referral.discharge_date is None:
        return
    episode, created = Aftercare.objects.get_or_create(
        ref="DEMO-AFT-01",
        defaults={"client": referral.client, "area": area, "provider": provider, "referral": referral,
                  "started_on": referral.discharge_date},
    )
    if created:
        AftercareSession.objects.bulk_create(
            AftercareSession(episode=episode, on=episode.started_on + datetime.timedelta(days=days), kind=kind, attended=attended)
            for days, kind, attended in [(7, "smart_recovery", True), (14, "peer_led", False)]
        )
