import datetime

import factory

from dip.tests.factories import AreaFactory, ProviderFactory
from referrals.models import Referral


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.Client"

    given_name = "Robin"
    family_name = factory.Sequence(lambda n: f"Referred{n}")
    date_of_birth = datetime.date(1988, 6, 1)
    sex = "U"
    area = factory.SubFactory(AreaFactory)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A pending referral; the status-variant factories below give the other stages."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    area = factory.SelfAttribute("client.area")
    provider = factory.SubFactory(ProviderFactory, area=factory.SelfAttribute("..client.area"))
    source = "custody_suite"
    referral_date = datetime.date(2025, 4, 1)


class AcceptedReferralFactory(ReferralFactory):
    accepted_at = factory.LazyFunction(lambda: datetime.datetime(2025, 4, 2, 9, tzinfo=datetime.UTC))


class StartedReferralFactory(AcceptedReferralFactory):
    status = "started"
    treatment_start_date = datetime.date(2025, 4, 15)


class DischargedReferralFactory(StartedReferralFactory):
    discharge_date = datetime.date(2025, 6, 1)
    discharge_reason = "completed_drug_free"
