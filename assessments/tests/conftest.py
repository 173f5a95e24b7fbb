"""Fixtures of court work tests (Restriction on Bail, conditional cautions): a custody team at its suite in `area`,
a custody team elsewhere, and clients with positive tests."""

import datetime

import pytest
import time_machine

from assessments.tests.court_fixtures import at
from dip import roles
from dip.models import Team


@pytest.fixture
def court_today():
    """Frozen at 11:00 UTC (12:00 BST) on TODAY."""
    with time_machine.travel(datetime.datetime(2025, 7, 1, 11, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def court(db, area, other_area):
    from dip.tests.factories import CustodySuiteFactory, TeamFactory, UserFactory

    custody = TeamFactory(kind=Team.Kind.CUSTODY, area=area, name="Dorset custody")
    elsewhere = TeamFactory(kind=Team.Kind.CUSTODY, area=other_area, name="Yorkshire custody")
    return type("Court", (), {
        "area": area, "other_area": other_area, "team": custody,
        "suite": CustodySuiteFactory(area=area, team=custody, name="Bournemouth"),
        "other_suite": CustodySuiteFactory(area=other_area, team=elsewhere, name="Leeds"),
        "worker": UserFactory(role=roles.CUSTODY_WORKER, team=custody, username="court_worker"),
        "other_worker": UserFactory(role=roles.CUSTODY_WORKER, team=elsewhere, username="court_other"),
        "community": UserFactory(role=roles.COMMUNITY_WORKER, team=TeamFactory(kind=Team.Kind.COMMUNITY, area=area),
                                 username="court_cjit"),
    })


@pytest.fixture
def defendant(court):
    """defendant(born=..., area=..., tested=local datetime, positive=True) -> (client, test)."""
    from testing.tests.factories import ClientFactory, DrugTestFactory

    def _make(born=datetime.date(1990, 1, 1), in_area=None, tested=None, positive=True, **test_fields):
        in_area = in_area or court.area
        suite = court.suite if in_area == court.area else court.other_suite
        person = ClientFactory(area=in_area, date_of_birth=born)
        tested = tested or at(2025, 6, 2, 9)
        test = DrugTestFactory(client=person, custody_suite=suite, requested_at=tested,
                               opiates="positive" if positive else "negative", **test_fields)
        return person, test

    return _make
