import datetime

import factory

from clients.models import Client
from dip.tests.factories import AreaFactory, CustodySuiteFactory
from testing.models import LONDON, DrugTest, TriggerOffence


def local(*args) -> datetime.datetime:
    """An aware Europe/London datetime: local(2025, 3, 30, 0, 30)."""
    return datetime.datetime(*args, tzinfo=LONDON)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    given_name = "Test"
    family_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = datetime.date(1990, 1, 1)
    sex = "M"
    area = factory.SubFactory(AreaFactory)


def theft() -> TriggerOffence:
    return TriggerOffence.objects.get(code="theft-act-1968-s1")


class DrugTestFactory(factory.django.DjangoModelFactory):
    """A negative test on arrest for theft, requested on 2 March 2025 at 10:00."""

    class Meta:
        model = DrugTest

    client = factory.SubFactory(ClientFactory)
    custody_suite = factory.SubFactory(CustodySuiteFactory, area=factory.SelfAttribute("..client.area"))
    stage = DrugTest.Stage.ARREST
    basis = DrugTest.Basis.TRIGGER_OFFENCE
    trigger_offence = factory.LazyFunction(theft)
    warning_given = True
    requested_at = factory.LazyFunction(lambda: local(2025, 3, 3, 10, 0))
    sampled_at = factory.LazyAttribute(lambda o: o.requested_at + datetime.timedelta(minutes=10))
    outcome = DrugTest.Outcome.RESULT
    opiates = DrugTest.Reading.NEGATIVE
    cocaine = DrugTest.Reading.NEGATIVE

    class Params:
        positive = factory.Trait(opiates=DrugTest.Reading.POSITIVE)


def ensure_trigger_offences() -> None:
    """A live-server test empties every table afterwards, the migration's trigger-offence list included."""
    import importlib

    from django.apps import apps

    from testing.models import TriggerOffence

    if not TriggerOffence.objects.exists():
        importlib.import_module("testing.migrations.0002_trigger_offences").load(apps, None)
