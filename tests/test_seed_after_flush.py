"""Order-independence: a transactional test's flush must not leave later tests without the seeded rows."""

import pytest
from django.contrib.auth.models import Group

from dip import roles
from testing.models import TriggerOffence


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_runs_and_flushes():
    assert Group.objects.filter(name=roles.CUSTODY_WORKER).exists()


@pytest.mark.django_db(transaction=True)  # pytest-django runs transactional tests last, in file order
def test_the_next_test_still_has_every_role_and_trigger_offence():
    assert set(roles.ALL) <= set(Group.objects.values_list("name", flat=True))
    assert TriggerOffence.objects.count() >= 20
