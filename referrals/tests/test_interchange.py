"""The `referral` interchange type: round trip, validation with line numbers, and the database guard."""

import io
import json

import pytest

from clients.models import ClientRelation
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from dip.models import Provider, Team
from referrals.models import Referral

pytestmark = pytest.mark.django_db

BASE = [
    {"type": "area", "ref": "DOR", "name": "Dorset"},
    {"type": "provider", "ref": "P-TP", "name": "Community treatment service", "area": "DOR", "setting": "community"},
    {
        "type": "client",
        "ref": "C-1",
        "given_name": "Ann",
        "family_name": "Able",
        "date_of_birth": "1980-01-02",
        "sex": "F",
        "area": "DOR",
    },
]
REFERRALS = [
    {
        "type": "referral",
        "ref": "R-1",
        "client": "C-1",
        "area": "DOR",
        "provider": "P-TP",
        "source": "custody_suite",
        "referral_date": "2025-03-01",
        "status": "pending",
    },
    {
        "type": "referral",
        "ref": "R-2",
        "client": "C-1",
        "area": "DOR",
        "provider": "P-TP",
        "source": "court",
        "referral_date": "2025-01-01",
        "status": "started",
        "treatment_start_date": "2025-01-20",
    },
    {
        "type": "referral",
        "ref": "R-3",
        "client": "C-1",
        "area": "DOR",
        "provider": "P-TP",
        "source": "self",
        "referral_date": "2024-05-01",
        "status": "started",
        "treatment_start_date": "2024-05-01",
        "discharge_date": "2024-09-01",
        "discharge_reason": "completed_alcohol_free",
    },
    {
        "type": "referral",
        "ref": "R-4",
        "client": "C-1",
        "area": "DOR",
        "provider": "P-TP",
        "source": "prison",
        "referral_date": "2024-02-01",
        "status": "did_not_attend",
    },
]


def run(records):
    stream = io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode())
    return import_stream(stream, name="test.jsonl")


def export() -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=["referral"])
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_round_trip_is_identity():
    assert run(BASE + REFERRALS).ok
    assert export() == REFERRALS
    again = run(BASE + export())
    assert again.ok and again.counts["referral"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert export() == REFERRALS
    assert [r.stage for r in Referral.objects.order_by("ref")] == [
        "awaiting_decision",
        "in_treatment",
        "discharged",
        "did_not_attend",
    ]


def test_import_lets_the_provider_team_see_the_client():
    run(BASE)
    team = Team.objects.create(name="TP team", kind=Team.Kind.TREATMENT, area=Provider.objects.get().area)
    Provider.objects.update(team=team)
    assert run(BASE + REFERRALS[:1]).ok
    assert ClientRelation.objects.filter(client__ref="C-1", team=team, reason="referred_to").count() == 1


def test_app_made_referral_exports_in_spec_form(org, rf_request, frozen):
    """An accepted referral is `pending` in the interchange (acceptance is the application's own detail)."""
    from referrals.tests.factories import AcceptedReferralFactory

    referral = AcceptedReferralFactory(provider=org.provider, decline_reason="")
    (record,) = export()
    assert record["ref"] == referral.ref and record["status"] == "pending"
    assert "treatment_start_date" not in record


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "started"}, "treatment_start_date", "required when status is started"),
        ({"treatment_start_date": "2025-03-05"}, "treatment_start_date", "only allowed when status is started"),
        ({"status": "started", "treatment_start_date": "2025-02-28"}, "treatment_start_date", "must not be before referral_date"),
        (
            {"discharge_date": "2025-04-01", "discharge_reason": "incomplete_died"},
            "discharge_date",
            "only allowed when status is started",
        ),
        (
            {
                "status": "started",
                "treatment_start_date": "2025-03-05",
                "discharge_date": "2025-03-04",
                "discharge_reason": "incomplete_died",
            },
            "discharge_date",
            "must not be before treatment_start_date",
        ),
        (
            {"status": "started", "treatment_start_date": "2025-03-05", "discharge_date": "2025-03-06"},
            "discharge_reason",
            "required with discharge_date",
        ),
        ({"discharge_reason": "incomplete_died"}, "discharge_reason", "only allowed with discharge_date"),
        ({"status": "accepted"}, "status", "must be one of"),
        ({"source": "gp"}, "source", "must be one of"),
        ({"discharge_reason": "completed"}, "discharge_reason", "must be one of"),
        ({"referral_date": "2025-02-30"}, "referral_date", "not a real date"),
        ({"triage_date": "2025-03-02"}, "triage_date", "unknown"),
    ],
)
def test_invalid_records_import_nothing_and_name_line_and_field(changes, field, message):
    bad = {**REFERRALS[0], **changes}
    result = run(BASE + [REFERRALS[1], bad])
    assert not result.ok
    problems = [str(p) for p in result.problems]
    assert any(p.startswith("line 5: referral R-1:") and field in p and message in p for p in problems), problems
    assert not Referral.objects.exists()


def test_reimport_cannot_move_a_started_journey_back():
    assert run(BASE + REFERRALS).ok
    result = run(BASE + [REFERRALS[0], {**REFERRALS[1], "status": "withdrawn", "treatment_start_date": None}])
    # The trigger's refusal, at the line that caused it, with the field it is about.
    assert [str(p) for p in result.problems] == ["line 5: referral R-2: status: a started journey cannot go back to withdrawn"]
    assert Referral.objects.get(ref="R-2").status == "started"


def test_a_database_rule_the_type_does_not_check_is_reported_at_its_line_and_field(monkeypatch):
    """Were a rule missing from the record type, the database still refuses it, named at the right line."""
    from dip.interchange import registry

    monkeypatch.setattr(registry.get("referral"), "clean", lambda self, data: ())
    early_start = {**REFERRALS[1], "ref": "R-9", "treatment_start_date": "2024-12-01"}
    early_discharge = {**REFERRALS[2], "ref": "R-10", "discharge_date": "2024-04-01"}
    result = run(BASE + [REFERRALS[3], early_start, REFERRALS[2], early_discharge])
    assert [str(p) for p in result.problems] == [
        "line 5: referral R-9: treatment_start_date: breaks the database rule referrals_start_not_before_referral",
        "line 7: referral R-10: discharge_date: breaks the database rule referrals_discharge_after_start",
    ]
    assert not Referral.objects.exists()


def test_the_spec_sample_referrals_import_and_round_trip():
    from dip.tests.sample import sample_path

    sample = sample_path("records.jsonl")
    records = [json.loads(line) for line in sample.read_text().splitlines() if line.strip()]
    wanted = [r for r in records if r["type"] in {"area", "provider", "client", "referral"}]
    result = run(wanted)
    assert result.ok, [str(p) for p in result.problems][:5]
    assert result.counts["referral"]["created"] == 88
    original = sorted((r for r in wanted if r["type"] == "referral"), key=lambda r: r["ref"])
    assert sorted(export(), key=lambda r: r["ref"]) == original


def test_two_pending_referrals_for_one_client_and_provider_are_a_valid_file():
    """Issue 8, minimal case: the spec has no "one pending referral per provider" rule."""
    base = [
        {"type": "area", "ref": "DOR", "name": "Dorset"},
        {"type": "provider", "ref": "P1", "name": "Treatment", "area": "DOR", "setting": "community"},
        {"type": "client", "ref": "C1", "given_name": "Ann", "family_name": "Able", "date_of_birth": "1980-01-02",
         "sex": "F", "area": "DOR"},
    ]
    first = {"type": "referral", "ref": "R1", "client": "C1", "area": "DOR", "provider": "P1", "source": "self",
             "referral_date": "2025-03-01", "status": "pending"}
    second = {**first, "ref": "R2", "source": "court", "referral_date": "2025-04-01"}
    result = run(base + [first, second])
    assert result.ok, [str(p) for p in result.problems]
    assert export() == [first, second]
    assert run(base + export()).counts["referral"] == {"created": 0, "updated": 0, "unchanged": 2}


def test_a_future_referral_date_is_refused_by_the_page_and_the_import_alike(org, signed_in, frozen):
    """One rule (Referral.rule_errors): the page refused a future date, the import accepted it (issue 8)."""
    from django.urls import reverse

    from referrals.tests.factories import ClientFactory

    client = ClientFactory(area=org.area)
    ClientRelation.objects.create(client=client, team=org.custody, reason="recorded")
    page = signed_in(org.referrer).post(
        reverse("referrals:referral-create", kwargs={"client_pk": client.pk}),
        {"provider": org.provider.pk, "source": "self", "referral_date_0": "2", "referral_date_1": "7",
         "referral_date_2": "2025", "requested_intervention": "psychosocial", "consent_decision": "given"},
    )
    assert page.status_code == 400
    message = "The referral date must be today or in the past"
    assert message in page.content.decode()
    result = run(BASE + [{**REFERRALS[0], "referral_date": "2025-07-02"}])
    assert [str(p) for p in result.problems] == [f"line 4: referral R-1: referral_date: {message}"]
    assert run(BASE + [{**REFERRALS[0], "referral_date": "2025-07-01"}]).ok  # today is allowed by both
    assert not Referral.objects.filter(client=client).exists()


def test_factory_made_referrals_round_trip(frozen):
    from dip.tests.interchange_round_trip import assert_round_trip
    from referrals.tests.factories import DischargedReferralFactory, ReferralFactory, StartedReferralFactory

    pending = ReferralFactory()
    StartedReferralFactory(client=pending.client, provider=pending.provider)
    DischargedReferralFactory(client=pending.client, provider=pending.provider, source="court")
    ReferralFactory(client=pending.client, provider=pending.provider, status="declined_by_provider",
                    decline_reason="No capacity")
    assert_round_trip(["area", "provider", "client", "referral"], min_records=7)
