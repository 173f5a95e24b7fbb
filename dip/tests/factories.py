import factory
from django.contrib.auth.models import Group

from dip import roles
from dip.models import Area, CustodySuite, Provider, Team, User


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.CUSTODY
    area = factory.SubFactory(AreaFactory)


class CustodySuiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodySuite

    name = factory.Sequence(lambda n: f"Suite {n}")
    area = factory.SubFactory(AreaFactory)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Treatment service {n}")
    area = factory.SubFactory(AreaFactory)
    setting = Provider.Setting.COMMUNITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            # get_or_create: transactional (live-server) tests flush the groups the data migration made
            self.groups.add(Group.objects.get_or_create(name=extracted or roles.CUSTODY_WORKER)[0])
