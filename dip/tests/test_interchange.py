"""Interchange framework (spec/interchange.md) with the organisation types area, custody_suite, provider."""

import gc
import io
import json
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from dip.interchange import registry
from dip.interchange.exporter import export_stream
from dip.interchange.fields import Date, DateTime, Invalid
from dip.interchange.importer import import_stream
from dip.models import Area, AuditEvent, CustodySuite, Provider
from dip.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ORG = [
    {"type": "area", "ref": "DOR", "name": "Dorset"},
    {"type": "area", "ref": "WYK", "name": "West Yorkshire"},
    {"type": "custody_suite", "ref": "CS-BOU", "name": "Bournemouth", "area": "DOR"},
    {"type": "provider", "ref": "P-TP", "name": "Community treatment service", "area": "DOR", "setting": "community"},
    {"type": "provider", "ref": "P-RS", "name": "Residential service", "area": "WYK", "setting": "residential"},
]


def jsonl(records) -> io.BytesIO:
    return io.BytesIO("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode())


def run(records, **options):
    return import_stream(jsonl(records), name="test.jsonl", **options)


def export(types=None) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=types)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_round_trip_is_identity_and_in_spec_field_order():
    assert run(ORG).ok
    exported = export(["area", "custody_suite", "provider"])
    assert exported == ORG
    assert [list(r) for r in exported][3] == ["type", "ref", "name", "area", "setting"]
    again = run(exported)
    assert again.ok
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert export(["area", "custody_suite", "provider"]) == ORG


def test_reimport_changes_nothing_and_a_changed_record_updates_in_place():
    run(ORG)
    pk = CustodySuite.objects.get(ref="CS-BOU").pk
    result = run([*ORG[:2], {"type": "custody_suite", "ref": "CS-BOU", "name": "Bournemouth Central", "area": "WYK"}])
    assert result.ok
    assert result.counts["custody_suite"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert result.counts["area"] == {"created": 0, "updated": 0, "unchanged": 2}
    suite = CustodySuite.objects.get(ref="CS-BOU")
    assert (suite.pk, suite.name, suite.area.ref) == (pk, "Bournemouth Central", "WYK")
    assert CustodySuite.objects.count() == 1


def test_a_file_with_an_error_imports_nothing_and_reports_every_problem_with_line_and_field():
    bad = [
        *ORG[:3],
        {"type": "provider", "ref": "P-X", "name": "X", "area": "DOR", "setting": "hospital"},
        "",
        {"type": "custody_suite", "ref": "CS-2", "name": "Leeds", "area": "NOPE"},
    ]
    result = run(bad)
    assert not result.ok
    assert messages(result) == [
        "line 4: provider P-X: setting: must be one of community, residential, inpatient, prison",
        "line 6: custody_suite CS-2: area: no area with ref NOPE earlier in the file or in the database",
    ]
    assert not Area.objects.exists() and not CustodySuite.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_command_prints_problems_and_exits_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "area", "ref": "DOR", "name": "Dorset"}\n{"type": "area", "ref": "X"}\n')
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_records", str(path), stderr=err)
    assert raised.value.returncode == 1
    assert "line 2: area X: name: required" in err.getvalue()
    assert "nothing was imported" in str(raised.value)
    assert not Area.objects.exists()


def test_command_imports_exports_and_audits(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(jsonl(ORG).getvalue())
    out = io.StringIO()
    call_command("import_records", str(source), stdout=out)
    assert "provider: 2 created" in out.getvalue()
    exporter = UserFactory(team=None)  # in no team, so the export holds only the file's two areas
    call_command("export_records", str(target), "--type", "area", "--user", exporter.username, stdout=io.StringIO())
    assert [json.loads(line) for line in target.read_text().splitlines()] == ORG[:2]
    imported = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert imported.user is None  # no --user
    assert imported.detail["file"] == str(source)
    assert imported.detail["records"]["provider"] == {"created": 2, "updated": 0, "unchanged": 0}
    exported = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert exported.detail["records"] == {"area": 2}


def test_user_option_is_recorded(tmp_path, make_user):
    from dip import roles

    user = make_user(roles.SYSADMIN)
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(ORG[:1]).getvalue())
    call_command("import_records", str(path), "--user", user.username, stdout=io.StringIO())
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).user == user
    with pytest.raises(CommandError, match="No user"):
        call_command("import_records", str(path), "--user", "nobody-here")


def test_dry_run_writes_nothing():
    result = run(ORG, dry_run=True)
    assert result.ok and result.counts["area"]["created"] == 2
    assert not Area.objects.exists()


def test_unknown_field_type_and_unsupported_spec_type(monkeypatch):
    registry.autodiscover()
    monkeypatch.delitem(registry._registry, "provider")
    result = run([
        ORG[0],
        {"type": "area", "ref": "A2", "name": "Kent", "colour": "red"},
        {"type": "spaceship", "ref": "S1"},
        ORG[3],
    ])
    assert messages(result) == [
        "line 2: area A2: colour: unknown field",
        "line 3: spaceship S1: type: unknown type 'spaceship'",
        "line 4: provider P-TP: type provider is not yet supported by this application",
    ]


def test_references_must_point_backwards_or_to_the_database():
    forward = run([ORG[2], ORG[0]])
    assert messages(forward) == [
        "line 1: custody_suite CS-BOU: area: no area with ref DOR earlier in the file or in the database"
    ]
    assert run(ORG[:2]).ok
    assert run([ORG[2]]).ok  # the area came from an earlier import
    assert CustodySuite.objects.get().area.ref == "DOR"


def test_references_across_batches():
    records = [{"type": "area", "ref": f"A{i}", "name": f"Area {i}"} for i in range(5)]
    records += [{"type": "custody_suite", "ref": f"S{i}", "name": f"Suite {i}", "area": f"A{i}"} for i in range(5)]
    result = run(records, batch_size=3)
    assert result.ok, messages(result)
    assert CustodySuite.objects.get(ref="S4").area.ref == "A4"
    assert Area.objects.count() == 5
    # A later file updates a record in place (a repeat within one file is refused: test_interchange_problems).
    assert run([{"type": "area", "ref": "A0", "name": "Area zero"}]).ok
    assert Area.objects.get(ref="A0").name == "Area zero"


def test_malformed_lines():
    result = run([
        "{not json",
        "[1, 2]",
        '{"type": "area", "ref": "A", "name": "x", "name": "y"}',
        {"type": "area", "ref": "", "name": "x"},
        {"type": "area", "ref": "A" * 65, "name": "x"},
        {"ref": "A"},
        {"type": "area", "ref": "B", "name": "   "},
        {"type": "area", "ref": "C", "name": 12},
        {"type": "area", "ref": "D", "name": "x" * 101},
    ])
    got = messages(result)
    assert got[0].startswith("line 1: not valid JSON")
    assert got[1:] == [
        "line 2: not a JSON object",
        "line 3: not valid JSON (duplicate key 'name')",
        "line 4: area: ref: required: a string of 1 to 64 characters",
        "line 5: area: ref: required: a string of 1 to 64 characters",
        "line 6: type: required",
        "line 7: area B: name: must not be blank",
        "line 8: area C: name: must be a string",
        "line 9: area D: name: must be at most 100 characters",
    ]


def test_invalid_utf8_and_bom_and_blank_lines():
    result = import_stream(io.BytesIO(b'\xef\xbb\xbf{"type": "area", "ref": "A", "name": "x"}\n\n  \n\xff\n'))
    assert messages(result) == ["line 4: not UTF-8 text"]
    assert result.lines == 1
    assert import_stream(io.BytesIO(b'\xef\xbb\xbf{"type": "area", "ref": "A", "name": "Zo\xc3\xab"}\n\n')).ok
    assert Area.objects.get().name == "Zoë"
    assert export(["area"]) == [{"type": "area", "ref": "A", "name": "Zoë"}]


def test_stops_after_100_problems():
    result = run([{"type": "area", "ref": f"A{i}"} for i in range(150)])
    assert len(result.problems) == 100 and result.truncated


def test_a_reference_to_an_invalid_record_is_not_reported_twice():
    result = run([{"type": "area", "ref": "DOR"}, ORG[2]])
    assert messages(result) == ["line 1: area DOR: name: required"]


def test_dates_and_date_times():
    moment = DateTime().parse("2025-03-30T00:30:00+01:00")
    assert DateTime().dump(moment) == "2025-03-29T23:30:00Z"
    assert DateTime().dump(DateTime().parse("2025-03-30T01:30:00.250Z")) == "2025-03-30T01:30:00.250000Z"
    with pytest.raises(Invalid, match="offset"):
        DateTime().parse("2025-03-30T00:30:00")
    for bad in ("2025-02-30T00:00:00Z", "30/03/2025 00:30", 20250330):
        with pytest.raises(Invalid):
            DateTime().parse(bad)
    assert Date().dump(Date().parse("2024-02-29")) == "2024-02-29"
    for bad in ("2025-02-29", "2025-3-1", "2025-03-01T00:00:00Z", None, 3):
        with pytest.raises(Invalid):
            Date().parse(bad)


def test_registry_orders_types_after_what_they_refer_to():
    names = [cls.type for cls in registry.ordered()]
    assert names.index("area") < names.index("custody_suite") < names.index("provider")
    for cls in registry.ordered():
        for ref in cls.refs():
            if registry.get(ref.target):
                assert names.index(ref.target) < names.index(cls.type)


def test_export_leaves_app_made_records_in_spec_form():
    area = Area.objects.create(name="Kent")
    Provider.objects.create(name="Kent service", area=area, setting=Provider.Setting.PRISON)
    provider = export(["provider"])[0]
    assert provider["area"] == area.ref and provider["setting"] == "prison"
    assert run(export(["area", "provider"])).ok


def _suites(n: int):
    yield b'{"type": "area", "ref": "DOR", "name": "Dorset"}\n'
    for i in range(n):
        yield json.dumps({"type": "custody_suite", "ref": f"S-{i}", "name": f"Suite {i}", "area": "DOR"}).encode() + b"\n"


def _peak(n: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = import_stream(_suites(n), dry_run=True)
        assert result.ok and result.counts["custody_suite"]["created"] == n
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file():
    """Streamed and batched: peak Python memory for 20,000 lines is about that of 2,000 lines."""
    small, large = _peak(2_000), _peak(20_000)
    assert large < small * 1.5, f"peak traced memory: 2,000 lines {small / 1e6:.1f} MB, 20,000 {large / 1e6:.1f} MB"


def test_autodiscovery_finds_the_project_types():
    registry.autodiscover()
    assert {"area", "custody_suite", "provider", "client", "consent"} <= set(registry._registry)
    assert all(cls.__module__.split(".")[0] not in ("django", "pghistory") for cls in registry._registry.values())


def test_command_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(jsonl(ORG[:2])))
    out = io.StringIO()
    call_command("import_records", "-", stdout=out)
    assert "area: 2 created" in out.getvalue()
    assert Area.objects.count() == 2


class _Sink(io.TextIOBase):
    lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def _export_peak(n: int) -> int:
    area = Area.objects.get_or_create(ref="DOR", defaults={"name": "Dorset"})[0]
    have = CustodySuite.objects.count()
    CustodySuite.objects.bulk_create(CustodySuite(ref=f"S-{i}", name=f"Suite {i}", area=area) for i in range(have, n))
    gc.collect()
    tracemalloc.start()
    try:
        sink = _Sink()
        export_stream(sink, types=["custody_suite"])
        assert sink.lines == n
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_data(monkeypatch):
    """Rows are read in chunks (a server-side cursor): memory follows the chunk, not the table."""
    monkeypatch.setattr("dip.interchange.exporter.CHUNK_SIZE", 200)
    small, large = _export_peak(1_000), _export_peak(10_000)
    assert large < small * 1.5, f"peak traced memory: 1,000 rows {small / 1e6:.2f} MB, 10,000 {large / 1e6:.2f} MB"


def test_an_unforeseen_error_in_a_type_rule_is_reported_not_raised(monkeypatch):
    def clean(self, data):
        raise ValueError("year 10000 is out of range")

    monkeypatch.setattr(registry.get("area"), "clean", clean)
    result = run(ORG[:1])
    assert messages(result) == ["line 1: area DOR: cannot be checked (ValueError: year 10000 is out of range)"]


def test_factory_made_organisations_round_trip():
    from dip.tests.factories import CustodySuiteFactory, ProviderFactory
    from dip.tests.interchange_round_trip import assert_round_trip

    CustodySuiteFactory()
    ProviderFactory(setting=Provider.Setting.INPATIENT)
    assert_round_trip(["area", "custody_suite", "provider"], min_records=4)
