import datetime

import factory
from django.utils import timezone

from clients.models import Client
from supervision.models import DrrAppointment, DrrOrder


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    given_name = factory.Sequence(lambda n: f"Dana{n}")
    family_name = factory.Sequence(lambda n: f"Order{n}")
    date_of_birth = datetime.date(1990, 1, 1)
    sex = "U"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrrOrder

    client = factory.SubFactory(ClientFactory, area=factory.SelfAttribute("..area"))
    order_type = DrrOrder.OrderType.COMMUNITY_ORDER
    court = "Bournemouth Magistrates' Court"
    sentence_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    start_date = factory.LazyAttribute(lambda o: o.sentence_date + datetime.timedelta(days=1))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=365))
    intensity = DrrOrder.Intensity.MEDIUM


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrrAppointment

    drr_order = factory.SubFactory(OrderFactory)
    kind = DrrAppointment.Kind.OFFENDER_MANAGER
    scheduled_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
