"""Client pages for `manage.py bench` (see dip/benchmarks.py), and the generated clients every other app's data hangs on."""

from datetime import date, timedelta

from clients.models import Client, ClientName, ClientRelation
from clients.search import name_keys
from dip import benchmarks
from dip.benchmarks import page
from dip.models import Team

GIVEN = ["Amy", "Ben", "Chloe", "Dan", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack", "Kai", "Lily", "Mo", "Nia"]
FAMILY = ["Smith", "Jones", "O'Neill", "Lewis-Hughes", "Patel", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Nowak"]

page("clients:client-search")
# A common family name: about one client in eleven of the caseload matches (FAMILY above).
page("clients:client-search", method="post", data=lambda w: {"name": "Smith"}, label="clients:client-search POST")
page("clients:client-detail", kwargs=lambda w: {"pk": w.client.pk})
# The same page for the client with the most rows (with --scales: ten times a typical client's, or more).
page("clients:client-detail", kwargs=lambda w: {"pk": w.busy_client.pk}, label="clients:client-detail (10x rows)")


def _search(label: str, data):
    page("clients:client-search", method="post", data=data, label=f"search: {label}")


def _variant(name: str) -> str:
    """A misspelling that sounds the same (Metaphone ignores a doubled letter): "Jones" -> "Joness"."""
    return name + name[-1]


def _dob(client) -> dict:
    day = client.date_of_birth
    return {"date_of_birth_0": day.day, "date_of_birth_1": day.month, "date_of_birth_2": day.year}


# Client search as a custody worker would use it (issue 11): each kind of query for one real person.
_search("exact name", lambda w: {"name": f"{w.search_client.given_name} {w.search_client.family_name}"})
_search("phonetic", lambda w: {"name": f"{w.search_client.given_name} {_variant(w.search_client.family_name)}"})
_search("partial family name", lambda w: {"name": w.hyphenated_client.family_name.split("-")[-1]})
_search("swapped names", lambda w: {"name": f"{w.search_client.family_name} {w.search_client.given_name}"})
_search("date of birth", lambda w: _dob(w.search_client))
_search("PNC", lambda w: {"pnc_id": w.search_client.pnc_id or "2001/0123456F"})
_search("NHS number", lambda w: {"nhs_number": w.search_client.nhs_number or "9434765919"})


@benchmarks.client_maker
def add_clients(world, count: int) -> list[int]:
    """`count` more clients in the bench area, half related to each casework team, and as many elsewhere."""
    start = world.size
    people = []
    for n in range(start, start + count):
        for area in (world.area, world.other_area):
            people.append(
                Client(
                    given_name=GIVEN[(n // len(FAMILY)) % len(GIVEN)], family_name=FAMILY[n % len(FAMILY)], sex="MF"[n % 2],
                    date_of_birth=date(1960, 1, 1) + timedelta(days=(n * 37) % 15000), area=area,
                )
            )
    created = Client.objects.bulk_create(people, batch_size=1000)
    ours = [c for c in created if c.area_id == world.area.pk]
    reasons = {
        Team.Kind.CUSTODY: ClientRelation.Reason.RECORDED,
        Team.Kind.PROBATION: ClientRelation.Reason.SUPERVISES,
        Team.Kind.TREATMENT: ClientRelation.Reason.REFERRED_TO,
    }
    relations = [
        ClientRelation(client=client, team=world.teams[kind], reason=reason)
        for i, client in enumerate(ours)
        for kind, reason in reasons.items()
        if kind == Team.Kind.CUSTODY or i % 2 == 0
    ]
    ClientRelation.objects.bulk_create(relations, batch_size=1000)
    _index_names(created)
    world.client = world.client or ours[0]
    world.busy_client = world.search_client = world.client
    world.hyphenated_client = getattr(world, "hyphenated_client", None) or next(
        (c for c in ours if "-" in c.family_name), world.client)
    world.size = start + count
    return [c.pk for c in ours]


def _index_names(clients) -> None:
    """The search keys that saving a client one by one would have made (clients.search)."""
    keys = []
    for client in clients:
        key = name_keys(client.given_name, client.family_name)
        key.client = client
        keys.append(key)
    ClientName.objects.bulk_create(keys, batch_size=1000)
