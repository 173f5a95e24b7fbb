"""records.jsonl then routes.jsonl (spec/sample): prison releases and after-care import, export and re-import
identically. Types another branch has not registered yet are left out of the files, never skipped silently."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings

from dip.interchange import registry
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from throughcare.models import Aftercare, AftercareSession, PrisonRelease

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR).parent / "shared" / "spec" / "sample"
MINE = ("prison_release", "aftercare")


def _supported(name: str) -> list[dict]:
    records = [json.loads(line) for line in (SAMPLE / name).read_text().splitlines() if line.strip()]
    return [r for r in records if registry.get(r["type"]) is not None]


def _import(records):
    return import_stream(io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode()), name="sample.jsonl")


def _export(types) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=list(types))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_records_then_routes_import_export_and_reimport_identically():
    records, routes = _supported("records.jsonl"), _supported("routes.jsonl")
    assert {r["type"] for r in routes} >= set(MINE)
    for part in (records, routes):
        result = _import(part)
        assert result.ok, [str(p) for p in result.problems][:5]
    assert PrisonRelease.objects.count() == 10
    assert Aftercare.objects.count() == 3
    assert AftercareSession.objects.count() == 6
    original = sorted((r for r in routes if r["type"] in MINE), key=lambda r: (r["type"], r["ref"]))
    exported = sorted(_export(MINE), key=lambda r: (r["type"], r["ref"]))
    assert [r for r in exported if r["type"] in MINE] == original
    # The whole export imported again changes nothing.
    again = _import(_export([t for t in registry.SPEC_TYPES if registry.get(t)]))
    assert again.ok
    assert all(not c["created"] and not c["updated"] for c in again.counts.values()), again.counts


def test_reimporting_an_episode_replaces_its_whole_session_list():
    records, routes = _supported("records.jsonl"), _supported("routes.jsonl")
    assert _import(records).ok and _import(routes).ok
    episode = next(r for r in routes if r["ref"] == "AFT-00001")
    changed = {**episode, "sessions": [{"on": "2025-08-09", "kind": "smart_recovery", "attended": True}]}
    result = _import([changed])
    assert result.ok and result.counts["aftercare"]["updated"] == 1
    sessions = list(AftercareSession.objects.filter(episode__ref="AFT-00001").values_list("kind", "attended"))
    assert sessions == [("smart_recovery", True)]
