import datetime

import pytest
import time_machine

from dip import roles
from dip.models import Team
from dip.tests.factories import AreaFactory, ProviderFactory, TeamFactory, UserFactory

# "Today" for these tests: a British Summer Time day (local date = UTC date + 1 after 23:00 UTC).
TODAY = datetime.date(2025, 7, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2025, 7, 1, 11, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def org(db, area):
    """A community team and a treatment team (with its service) in `area`, and a community team elsewhere."""
    community = TeamFactory(kind=Team.Kind.COMMUNITY, area=area, name="Community team")
    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Custody team")
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Treatment team")
    elsewhere = AreaFactory(name="Elsewhere")
    other_community = TeamFactory(kind=Team.Kind.COMMUNITY, area=elsewhere, name="Other community team")
    provider = ProviderFactory(area=area, team=treatment, name="Harbour service")
    return type("Org", (), {
        "area": area, "elsewhere": elsewhere, "community": community, "treatment": treatment, "provider": provider,
        "other_provider": ProviderFactory(area=area, name="Hill service"),
        "cjit": UserFactory(role=roles.COMMUNITY_WORKER, team=community, username="cjit"),
        "other_cjit": UserFactory(role=roles.COMMUNITY_WORKER, team=other_community, username="other_cjit"),
        "custody": UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="custody"),
        "worker": UserFactory(role=roles.TREATMENT_WORKER, team=treatment, username="keyworker"),
    })


@pytest.fixture
def client_of(org):
    """client_of(team) -> a client on that team's caseload (so that its users see them)."""
    from clients.models import ClientRelation
    from referrals.tests.factories import ClientFactory

    def _make(team=None, **kwargs):
        person = ClientFactory(area=org.area, **kwargs)
        ClientRelation.objects.create(client=person, team=team or org.community, reason=ClientRelation.Reason.CASELOAD)
        return person

    return _make
