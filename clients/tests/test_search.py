"""Name search and duplicate detection on tricky names (issue 2)."""

import datetime

import pytest

from clients import search
from clients.models import Client, ClientAlias, ClientName, ClientRelation
from dip import roles
from dip.models import Team

DOB = datetime.date(1988, 4, 7)


@pytest.fixture
def worker(make_user):
    return make_user(roles.PROBATION_OFFICER, kind=Team.Kind.PROBATION)


@pytest.fixture
def add(worker):
    """add(given, family, dob=DOB, **fields) -> a client related to the worker's team."""

    def _add(given, family, dob=DOB, **fields):
        fields.setdefault("area", worker.team.area)
        client = Client.objects.create(given_name=given, family_name=family, date_of_birth=dob, sex="M", **fields)
        ClientRelation.objects.create(client=client, team=worker.team, reason=ClientRelation.Reason.CASELOAD)
        return client

    return _add


def names(matches):
    return [str(m.client) for m in matches]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Sean", "O'Neill"), "Sean ONeill"),
        (("Sean", "ONeill"), "Sean O'Neill"),
        (("Sean", "O’Neill"), "sean o neill"),
        (("Zoë", "Smith"), "Zoe Smith"),
        (("Zoe", "Smith"), "Zoë Smith"),
        (("Anna", "Lewis-Hughes"), "Anna Lewis Hughes"),
        (("Anna", "Lewis Hughes"), "Anna Lewis-Hughes"),
        (("Anna", "Lewis-Hughes"), "Lewis-Hughes Anna"),  # swapped
        (("Jon", "Smyth"), "John Smith"),  # spelling variants
        (("Taiwo", "Edito"), "Taiwo Edoto"),
        (("Sean", "O'Neill"), "O'NEILL"),  # family name alone
        (("Anna", "Lewis-Hughes"), "Hughes"),  # part of a double-barrelled name
    ],
)
def test_name_search_is_tolerant(worker, add, stored, typed):
    add(*stored)
    add("Unrelated", "Person")
    found = search.search(worker, search.Query(name=typed))
    assert names(found)[:1] == [" ".join(stored)]
    assert "Unrelated Person" not in names(found)


def test_swapped_names_say_so(worker, add):
    add("Anna", "Lewis-Hughes")
    [match] = search.search(worker, search.Query(name="Lewis Hughes Anna"))
    assert "swapped" in match.reasons[0]


def test_search_finds_by_alias(worker, add):
    client = add("Robert", "Jones")
    ClientAlias.objects.create(client=client, given_name="Bobby", family_name="Zoë-Brown")
    [match] = search.search(worker, search.Query(name="Bobby Zoe Brown"))
    assert match.client == client
    assert match.reasons == ["Alias matches"]


def test_alias_keys_follow_edits_and_removal(worker, add):
    client = add("Robert", "Jones")
    alias = ClientAlias.objects.create(client=client, given_name="Bobby", family_name="Brown")
    assert search.search(worker, search.Query(name="Bobby Brown"))
    alias.delete()
    assert not search.search(worker, search.Query(name="Bobby Brown"))
    client.family_name = "Renamed"
    client.save()
    assert set(ClientName.objects.filter(client=client).values_list("family_key", flat=True)) == {"renamed"}


def test_exact_date_of_birth_ranks_above_transposed_and_namesakes(worker, add):
    add("Sam", "Taylor", dob=datetime.date(1990, 1, 1))
    add("Sam", "Taylor", dob=datetime.date(1988, 7, 4))
    add("Sam", "Taylor", dob=DOB)
    found = search.search(worker, search.Query(name="Sam Taylor", date_of_birth=DOB))
    assert [m.client.date_of_birth for m in found] == [DOB, datetime.date(1988, 7, 4), datetime.date(1990, 1, 1)]
    assert "Date of birth with day and month swapped" in found[1].reasons


def test_date_of_birth_alone(worker, add):
    add("Sam", "Taylor", dob=DOB)
    add("Kim", "Lee", dob=datetime.date(1988, 7, 4))
    add("Pat", "Other", dob=datetime.date(1970, 1, 1))
    assert sorted(names(search.search(worker, search.Query(date_of_birth=DOB)))) == ["Kim Lee", "Sam Taylor"]


def test_identifier_search(worker, add):
    add("Sam", "Taylor", pnc_id="2001/0123456F", nhs_number="9434765919")
    add("Kim", "Lee")
    assert names(search.search(worker, search.Query(pnc_id="2001/0123456F"))) == ["Sam Taylor"]
    assert names(search.search(worker, search.Query(nhs_number="9434765919"))) == ["Sam Taylor"]


def test_search_only_returns_visible_clients(worker, add, other_area):
    add("Sean", "O'Neill")
    hidden = Client.objects.create(given_name="Sean", family_name="O'Neill", date_of_birth=DOB, sex="M", area=other_area)
    found = search.search(worker, search.Query(name="Sean O'Neill"))
    assert hidden not in [m.client for m in found]
    assert len(found) == 1


def test_fold():
    assert search.fold("O'Neill") == search.fold("ONeill") == "oneill"
    assert search.fold("Zoë") == "zoe"
    assert search.fold("Lewis-Hughes") == search.fold("Lewis Hughes") == "lewishughes"
    assert search.fold("Strauß") == "strauss"
    assert search.fold("12345 !!") == ""


def test_transposed():
    assert search.transposed(datetime.date(1988, 4, 7)) == datetime.date(1988, 7, 4)
    assert search.transposed(datetime.date(1988, 4, 13)) is None
    assert search.transposed(datetime.date(1988, 5, 5)) is None


class TestDuplicates:
    def check(self, user, given, family, dob=DOB, **ids):
        return search.duplicates(user, given_name=given, family_name=family, date_of_birth=dob,
                                 pnc_id=ids.get("pnc_id", ""), nhs_number=ids.get("nhs_number", ""))

    @pytest.mark.parametrize(
        ("stored", "typed"),
        [
            (("Sean", "O'Neill"), ("Sean", "ONeill")),
            (("Zoë", "Smith"), ("Zoe", "Smith")),
            (("Anna", "Lewis-Hughes"), ("Anna", "Lewis Hughes")),
            (("Anna", "Lewis-Hughes"), ("Lewis-Hughes", "Anna")),
        ],
    )
    def test_similar_name_same_dob(self, worker, add, stored, typed):
        existing = add(*stored)
        assert [m.client for m in self.check(worker, *typed)] == [existing]

    def test_transposed_date_of_birth(self, worker, add):
        existing = add("Zoë", "O'Neill", dob=datetime.date(1988, 7, 4))
        [match] = self.check(worker, "Zoe", "ONeill", dob=DOB)
        assert match.client == existing
        assert "Date of birth with day and month swapped" in match.reasons

    def test_same_name_other_dob_is_not_a_duplicate(self, worker, add):
        add("Sean", "O'Neill", dob=datetime.date(1960, 1, 1))
        assert self.check(worker, "Sean", "O'Neill") == []

    def test_same_identifier_whatever_the_name(self, worker, add):
        existing = add("Somebody", "Else", dob=datetime.date(1960, 1, 1), pnc_id="2001/0123456F")
        [match] = self.check(worker, "Sean", "O'Neill", pnc_id="2001/0123456F")
        assert match.client == existing and match.reasons == ["Same PNC ID"]
        existing.nhs_number = "9434765919"
        existing.save()
        assert self.check(worker, "Sean", "O'Neill", nhs_number="9434765919")[0].client == existing

    def test_alias_counts(self, worker, add):
        existing = add("Robert", "Jones")
        ClientAlias.objects.create(client=existing, given_name="Sean", family_name="O'Neill")
        assert [m.client for m in self.check(worker, "Sean", "ONeill")] == [existing]

    def test_records_of_other_teams_in_the_area_are_flagged_not_hidden(self, worker, make_user, other_area):
        other_team = make_user(roles.PROBATION_OFFICER, kind=Team.Kind.TREATMENT).team
        theirs = Client.objects.create(given_name="Sean", family_name="O'Neill", date_of_birth=DOB, sex="M",
                                       area=other_area)
        ClientRelation.objects.create(client=theirs, team=other_team, reason=ClientRelation.Reason.CASELOAD)
        Client.objects.create(given_name="Sean", family_name="O'Neill", date_of_birth=DOB, sex="M", area=other_area)
        [match] = self.check(worker, "Sean", "ONeill")
        assert match.client == theirs and match.visible is False


def test_search_query_count_is_constant(worker, add, django_assert_max_num_queries):
    def run():
        search.search(worker, search.Query(pnc_id="2001/0123456F"))  # loads the user's team and role once
        with django_assert_max_num_queries(2):  # the clients, then their name keys
            search.search(worker, search.Query(name="Sam Taylor", date_of_birth=DOB))

    add("Sam", "Taylor")
    run()
    for i in range(30):
        client = add("Sam", "Taylor", dob=datetime.date(1950 + i, 1, 1))
        ClientAlias.objects.create(client=client, given_name="Samuel", family_name="Taylor")
    run()


def test_namesakes_beyond_the_key_limit_do_not_crowd_out_the_person(worker, add, monkeypatch):
    """Nationally a lone common name matches thousands: the keys considered are capped (issue 11), and the
    keys that agree by text or sound come before those that only share a first letter."""
    monkeypatch.setattr(search, "MAX_NAME_KEYS", 5)
    for given in ("Jake", "Jamie", "Jason", "Jay", "Jed", "Jim", "Joel"):
        add(given, "Smith")  # share the first letter of "John": candidates for a typo, no match
    john = add("John", "Smith")
    assert names(search.search(worker, search.Query(name="John Smith")))[:1] == [str(john)]
    assert names(search.search(worker, search.Query(name="Smith John")))[:1] == [str(john)]


def test_a_typo_that_keeps_the_first_letter_is_still_found(worker, add):
    add("John", "Smith")
    assert names(search.search(worker, search.Query(name="Jhon Smith"))) == ["John Smith"]
