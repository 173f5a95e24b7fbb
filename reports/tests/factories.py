"""Records for report tests, made directly (the rules of each record are tested in its own app)."""

import datetime
from zoneinfo import ZoneInfo

from assessments.models import RAAppointment, RequiredAssessment
from clients.models import Client
from dip.models import CustodySuite, Provider
from referrals.models import Referral
from testing.models import DrugTest

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def client(area, *, born=datetime.date(1990, 6, 1), sex="M", ethnicity="A", name="Person") -> Client:
    return Client.objects.create(given_name="Test", family_name=name, date_of_birth=born, sex=sex, ethnicity=ethnicity,
                                 area=area)


def suite(area) -> CustodySuite:
    return CustodySuite.objects.create(name=f"Suite {area.ref}", area=area)


def provider(area) -> Provider:
    return Provider.objects.create(name=f"Service {area.ref}", area=area, setting="community")


def drug_test(person, at_suite, requested_at, *, outcome="result", opiates="negative", cocaine="negative",
              basis="trigger_offence", disputed=False, confirmation="") -> DrugTest:
    result = outcome == "result"
    return DrugTest.objects.create(
        client=person, custody_suite=at_suite, stage="arrest", basis=basis, offence="Theft Act 1968 s1",
        requested_at=requested_at, outcome=outcome, sampled_at=requested_at if result else None,
        opiates=opiates if result else "", cocaine=cocaine if result else "", disputed=disputed,
        confirmation=confirmation,
    )


def required_assessment(test, imposed_at, *, initial=None, follow_up=None, outcome="") -> RequiredAssessment:
    """`initial` / `follow_up`: (scheduled_at, attendance or "")."""
    ra = RequiredAssessment.objects.create(client=test.client, drug_test=test, imposed_at=imposed_at, outcome=outcome)
    for kind, appointment in ((RAAppointment.Kind.INITIAL, initial), (RAAppointment.Kind.FOLLOW_UP, follow_up)):
        if appointment:
            RAAppointment.objects.create(
                required_assessment=ra, kind=kind, scheduled_at=appointment[0], attendance=appointment[1],
                notice="RA1" if kind == RAAppointment.Kind.INITIAL else "RA4", notice_issued_at=imposed_at,
            )
    return ra


def referral(person, service, referral_date, *, start=None, discharge=None, reason="", source="court") -> Referral:
    return Referral.objects.create(
        client=person, area=service.area, provider=service, source=source, referral_date=referral_date,
        status="started" if start else "pending", treatment_start_date=start, discharge_date=discharge,
        discharge_reason=reason,
    )


def drr_order(person, area, *, start=datetime.date(2025, 4, 1), order_type="community_order", terminated=None,
              reason=""):
    from supervision.models import DrrOrder

    return DrrOrder.objects.create(
        client=person, area=area, order_type=order_type, court="Bournemouth Magistrates' Court",
        sentence_date=start, start_date=start, end_date=start + datetime.timedelta(days=365), intensity="medium",
        termination_date=terminated, termination_reason=reason,
    )


def drr_appointment(order, scheduled_at, outcome=""):
    from supervision.models import DrrAppointment

    return DrrAppointment.objects.create(drr_order=order, kind="offender_manager", scheduled_at=scheduled_at,
                                         outcome=outcome)


def drr_test(order, taken_at, *, outcome="taken", result="negative"):
    from supervision.models import DrrTest

    return DrrTest.objects.create(drr_order=order, taken_at=taken_at, outcome=outcome,
                                  result=result if outcome == "taken" else "")


def drr_breach(order, failure, initiated_on):
    from supervision.models import DrrBreach

    return DrrBreach.objects.create(drr_order=order, failure=failure, initiated_on=initiated_on)


def drr_warning(order, failure, issued_on):
    from supervision.models import DrrWarning

    return DrrWarning.objects.create(drr_order=order, failure=failure, issued_on=issued_on)
