"""Synthetic demo clients: a few hundred obviously fictional people, with the names that trip searches up.

Idempotent (clients are keyed by ref DEMO-C-nnnn) and reproducible (fixed seed). NHS numbers are
from the 999 range that NHS test systems use; PNC IDs carry a valid check letter.
"""

import datetime
import random

from clients.identifiers import nhs_check_digit, pnc_check_letter
from clients.models import Client, ClientAlias, ClientRelation, Consent
from dip.models import Team

COUNT = 300
SEED = 20260401

GIVEN = ["Zoë", "Sean", "Anna", "Jon", "Siobhan", "Mohammed", "Chloé", "Kai", "Aoife", "Dylan", "Précieux", "Ellie-Mae",
         "Tomasz", "Grace", "Reece", "Nadia", "Callum", "Jade", "Olu", "Björn"]
FAMILY = ["O'Neill", "Lewis-Hughes", "Smyth", "D'Arcy", "Testwood", "Sampleton", "Examplefield", "Fictionby", "Mockridge",
          "Demo-Jones", "Placeholder", "MacFake", "Noakes-Example", "Dummett", "Pretendwell", "Ó Fabricated", "Zëdd",
          "Makebelieve", "Inventon", "Notreal"]
ALIASES = [("Zoe", "ONeill"), ("Johnny", "Smith"), ("Shiv", "Testwood"), ("Mo", "Sampleton"), ("Chloe", "Lewis Hughes")]
# Deliberate near-duplicates of the first clients, so that the duplicate warning can be seen.
NEAR_DUPLICATES = 5


def _pnc(rng: random.Random) -> str:
    year, serial = str(rng.randint(1995, 2025)), f"{rng.randint(1, 9_999_999):07d}"
    return f"{year}/{serial}{pnc_check_letter(year, serial)}"


def _nhs(rng: random.Random) -> str:
    while True:
        nine = "999" + f"{rng.randint(0, 999_999):06d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def _person(rng: random.Random, areas: list) -> dict:
    return {
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "date_of_birth": datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 45)),
        "sex": rng.choice("MF"),
        "ethnicity": rng.choice("ABCDEFGHJKLMNPRSZ"),
        "area": rng.choice(areas),
        "pnc_id": _pnc(rng) if rng.random() < 0.7 else "",
        "nhs_number": _nhs(rng) if rng.random() < 0.5 else "",
    }


def seed(context: dict) -> None:
    rng = random.Random(SEED)
    areas = [context["areas"][ref] for ref in sorted(context["areas"])]
    teams = context["teams"]
    kinds = [Team.Kind.CUSTODY, Team.Kind.PROBATION, Team.Kind.TREATMENT]
    reasons = {Team.Kind.CUSTODY: ClientRelation.Reason.RECORDED, Team.Kind.PROBATION: ClientRelation.Reason.SUPERVISES,
               Team.Kind.TREATMENT: ClientRelation.Reason.REFERRED_TO}
    people = [_person(rng, areas) for _ in range(COUNT)]
    for i in range(NEAR_DUPLICATES):  # same person typed differently: no accent/apostrophe, day and month swapped
        twin = dict(people[i])
        twin["given_name"] = twin["given_name"].replace("ë", "e").replace("é", "e")
        twin["family_name"] = twin["family_name"].replace("'", "").replace("-", " ")
        dob = twin["date_of_birth"]
        if dob.day <= 12:
            twin["date_of_birth"] = dob.replace(day=dob.month, month=dob.day)
        twin["pnc_id"] = twin["nhs_number"] = ""
        people.append(twin)
    area_refs = {area.pk: ref for ref, area in context["areas"].items()}
    existing = set(Client.objects.filter(ref__startswith="DEMO-C-").values_list("ref", flat=True))
    for number, person in enumerate(people, 1):
        ref = f"DEMO-C-{number:04d}"
        # Draw every random value whatever the database holds, so that each run draws the same.
        related = rng.sample(kinds, rng.randint(1, 3))
        alias = rng.choice(ALIASES) if rng.random() < 0.15 else None
        consent = None
        if rng.random() < 0.6:
            consent = (rng.choice([Consent.Decision.GIVEN, Consent.Decision.GIVEN, Consent.Decision.REFUSED]),
                       datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)))
        if ref in existing:  # made by an earlier run: keep it (and skip its extras, drawn the same again)
            continue
        client = Client.objects.create(ref=ref, **person)
        area_ref = area_refs[client.area_id]
        for kind in related:
            ClientRelation.objects.create(client=client, team=teams[area_ref, kind], reason=reasons[kind])
        if alias:
            ClientAlias.objects.create(client=client, given_name=alias[0], family_name=alias[1])
        if consent:
            Consent.objects.create(ref=f"DEMO-CONSENT-{number:04d}", client=client, scope=Consent.Scope.NDTMS,
                                   decision=consent[0], decided_on=consent[1])
