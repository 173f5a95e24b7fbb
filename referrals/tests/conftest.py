import datetime

import pytest
import time_machine
from django.test import RequestFactory

from dip import roles
from dip.models import Team
from dip.tests.factories import ProviderFactory, TeamFactory, UserFactory

# "Today" for these tests: a BST summer day, so local and UTC dates can differ near midnight.
TODAY = datetime.date(2025, 7, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2025, 7, 1, 11, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def org(db, area):
    """A custody team that refers, a provider with its team, and a second provider with another team."""
    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Custody team")
    treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Treatment team")
    other_treatment = TeamFactory(kind=Team.Kind.TREATMENT, area=area, name="Other treatment team")
    provider = ProviderFactory(area=area, team=treatment, name="Harbour service")
    other_provider = ProviderFactory(area=area, team=other_treatment, name="Hill service")
    return type(
        "Org",
        (),
        {
            "area": area,
            "custody": custody,
            "treatment": treatment,
            "other_treatment": other_treatment,
            "provider": provider,
            "other_provider": other_provider,
            "referrer": UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="referrer"),
            "worker": UserFactory(role=roles.TREATMENT_WORKER, team=treatment, username="provider_worker"),
            "other_worker": UserFactory(role=roles.TREATMENT_WORKER, team=other_treatment, username="other_worker"),
            "manager": UserFactory(role=roles.TEAM_MANAGER, team=custody, username="manager"),
        },
    )


@pytest.fixture
def rf_request():
    """rf_request(user) -> a POST request carrying that user, for calling services directly."""

    def _make(user):
        request = RequestFactory().post("/")
        request.user = user
        return request

    return _make
