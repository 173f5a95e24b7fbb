import datetime

import pytest
from django.core.management import call_command

from clients.models import Client
from dip.models import Area
from testing.models import DrugTest

pytestmark = pytest.mark.django_db


def test_demo_tests_are_idempotent_and_fill_the_work_queue():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    dorset = Area.objects.get(ref="DOR")
    for i in range(10):
        Client.objects.create(given_name="Demo", family_name=f"Person{i}", date_of_birth=datetime.date(1980, 1, 1 + i),
                              sex="M", area=dorset)
    Client.objects.create(given_name="Young", family_name="Person", date_of_birth=datetime.date.today(), sex="F",
                          area=dorset)
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    mine = DrugTest.objects.filter(ref__startswith="DEMO-DT-")  # assessments/demo/required.py adds tests of its own
    first = set(mine.values_list("ref", "client_id"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert set(mine.values_list("ref", "client_id")) == first
    # Each area with enough adult clients gets the same 8 scenarios (clients/demo.py fills every area).
    in_dorset = mine.filter(custody_suite__area=dorset)
    assert in_dorset.count() == 8
    assert in_dorset.awaiting_laboratory().count() == 2
    overdue = [t for t in in_dorset.awaiting_laboratory() if t.laboratory_overdue()]
    assert len(overdue) == 1
