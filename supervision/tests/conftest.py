from types import SimpleNamespace

import pytest

from clients.models import ClientRelation
from dip import roles
from dip.models import Team
from dip.tests.factories import ProviderFactory, TeamFactory, UserFactory
from supervision.tests.factories import ClientFactory, OrderFactory


@pytest.fixture
def probation(db, area, other_area):
    """A probation team (two officers, a manager), a second team in the same area, a treatment service, and a client
    the team knows."""
    team = TeamFactory(kind=Team.Kind.PROBATION, area=area, name="Bournemouth probation")
    other_team = TeamFactory(kind=Team.Kind.PROBATION, area=area, name="Poole probation")
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Dorset treatment")
    officer = UserFactory(role=roles.PROBATION_OFFICER, team=team, first_name="Olive", last_name="Officer")
    colleague = UserFactory(role=roles.PROBATION_OFFICER, team=team, first_name="Colin", last_name="Colleague")
    manager = UserFactory(role=roles.TEAM_MANAGER, team=team, first_name="Mona", last_name="Manager")
    other_officer = UserFactory(role=roles.PROBATION_OFFICER, team=other_team)
    provider_worker = UserFactory(role=roles.TREATMENT_WORKER, team=treatment)
    provider = ProviderFactory(area=area, team=treatment)
    client = ClientFactory(area=area, given_name="Jon", family_name="Example")
    ClientRelation.objects.create(client=client, team=team, reason="recorded")

    def order(**fields):
        fields.setdefault("team", team)
        fields.setdefault("responsible_officer", officer)
        fields.setdefault("area", area)
        made = OrderFactory(**fields)
        if made.team_id:
            ClientRelation.objects.get_or_create(client=made.client, team=made.team, reason="supervises")
        return made

    return SimpleNamespace(area=area, team=team, other_team=other_team, treatment=treatment, officer=officer,
                           colleague=colleague, manager=manager, other_officer=other_officer,
                           provider_worker=provider_worker, provider=provider, client=client, order=order)
