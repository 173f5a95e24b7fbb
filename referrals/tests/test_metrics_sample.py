"""The queryset building blocks give spec/sample's expected E1-E5 and O1-O4 for April 2025 (as at 1 July 2025).

The referrals of spec/sample/records.jsonl are loaded straight into the models (areas, providers and clients
by ref), so this checks the querysets the report will add up, not the import.
"""

import csv
import datetime
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from clients.models import Client
from dip.models import Area, Provider
from dip.tests.sample import sample_path
from referrals.models import Referral

SAMPLE = sample_path("records.jsonl").parent
START, END, AS_AT = datetime.date(2025, 4, 1), datetime.date(2025, 5, 1), datetime.date(2025, 7, 1)
SOURCES = ["custody_suite", "required_assessment", "court", "probation", "prison", "self", "other"]

@pytest.fixture
def sample(db):
    records = [json.loads(line) for line in (SAMPLE / "records.jsonl").read_text().splitlines() if line.strip()]
    areas = {r["ref"]: Area.objects.create(ref=r["ref"], name=r["name"]) for r in records if r["type"] == "area"}
    providers = {
        r["ref"]: Provider.objects.create(ref=r["ref"], name=r["name"], area=areas[r["area"]], setting=r["setting"])
        for r in records
        if r["type"] == "provider"
    }
    clients = {
        r["ref"]: Client.objects.create(
            ref=r["ref"],
            given_name=r["given_name"],
            family_name=r["family_name"],
            date_of_birth=r["date_of_birth"],
            sex=r["sex"],
            area=areas[r["area"]],
        )
        for r in records
        if r["type"] == "client"
    }
    Referral.objects.bulk_create(
        Referral(
            ref=r["ref"],
            client=clients[r["client"]],
            area=areas[r["area"]],
            provider=providers[r["provider"]],
            source=r["source"],
            referral_date=r["referral_date"],
            status=r["status"],
            treatment_start_date=r.get("treatment_start_date"),
            discharge_date=r.get("discharge_date"),
            discharge_reason=r.get("discharge_reason") or "",
        )
        for r in records
        if r["type"] == "referral"
    )
    return areas


def _rate(num: int, den: int) -> str:
    return "" if den == 0 else str((Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def _figures(area) -> dict:
    qs = Referral.objects.in_area(area)
    e1, e2 = qs.referred_between(START, END), qs.started_between(START, END)
    median = e2.median_wait_days()
    discharged = qs.discharged_between(START, END)
    groups = discharged.reason_group_counts()
    rows = {("E1", ""): (str(e1.count()), "", "")}
    for source in SOURCES:
        rows["E1", source] = (str(e1.filter(source=source).count()), "", "")
    e3 = e2.waited_at_most(21).count()
    rows["E2", ""] = (str(e2.count()), "", "")
    rows["E3", ""] = (_rate(e3, e2.count()), str(e3), str(e2.count()))
    median_text = "" if median is None else str(Decimal(str(median)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    rows["E4", ""] = (median_text, "", str(e2.count()))
    e5 = e1.converted(AS_AT).count()
    rows["E5", ""] = (_rate(e5, e1.count()), str(e5), str(e1.count()))
    rows["O1", ""] = (str(qs.in_treatment_during(START, END).values("client").distinct().count()), "", "")
    rows["O2", ""] = (str(discharged.count()), "", "")
    for group, n in groups.items():
        rows["O2", group] = (str(n), "", "")
    o3 = discharged.in_reason_group("successful").count()
    rows["O3", ""] = (str(o3), "", "")
    rows["O4", ""] = (_rate(o3, o3 + groups["unplanned"]), str(o3), str(o3 + groups["unplanned"]))
    return rows


@pytest.mark.parametrize("area_ref", ["DOR", "WYK", "DBY", "ALL"])
def test_sample_treatment_figures(area_ref, sample):
    expected = {}
    with open(SAMPLE / f"expected-2025-04-{area_ref}.csv") as f:
        for row in csv.DictReader(f):
            if row["metric"] in {"E1", "E2", "E3", "E4", "E5", "O1", "O2", "O3", "O4"}:
                expected[row["metric"], row["category"]] = (row["value"], row["numerator"], row["denominator"])
    got = _figures(None if area_ref == "ALL" else sample[area_ref])
    assert got == expected
