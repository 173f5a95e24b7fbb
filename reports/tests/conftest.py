import datetime

import pytest
import time_machine

from dip import roles
from dip.models import Team
from dip.tests.factories import AreaFactory


@pytest.fixture
def frozen():
    """1 July 2025, 11:00 BST: the as-at date of the spec's sample."""
    with time_machine.travel(datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def areas(db):
    return AreaFactory(ref="DOR", name="Dorset"), AreaFactory(ref="WYK", name="West Yorkshire")


@pytest.fixture
def people(areas, make_user):
    """A reader of each kind in Dorset, a PCC analyst in West Yorkshire and the national analyst."""
    dorset, yorkshire = areas
    return {
        "analyst": make_user(roles.PCC_ANALYST, kind=Team.Kind.PCC, in_area=dorset),
        "manager": make_user(roles.TEAM_MANAGER, kind=Team.Kind.CUSTODY, in_area=dorset),
        "dpo": make_user(roles.DPO, kind=Team.Kind.PCC, in_area=dorset),
        "yorkshire": make_user(roles.PCC_ANALYST, kind=Team.Kind.PCC, in_area=yorkshire),
        "national": make_user(roles.NATIONAL_ANALYST, kind=Team.Kind.PCC, in_area=dorset),
        "worker": make_user(roles.CUSTODY_WORKER, kind=Team.Kind.CUSTODY, in_area=dorset),
    }
