"""records.jsonl then routes.jsonl (spec/sample, found as ../shared): every registered version-1.1 type imports,
exports and re-imports identically, court work's types among them. A ref is unique within its type only: the
sample's cautions share refs with its consents (CON-00001 ...)."""

import io
import json

import pytest

from dip.interchange import registry
from dip.interchange.exporter import export_stream
from dip.interchange.importer import import_stream
from dip.tests.sample import sample_path

pytestmark = pytest.mark.django_db
VERSION_1_1 = ("bail_restriction", "conditional_caution", "prison_release", "aftercare")
MINE = ("bail_restriction", "conditional_caution")


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in sample_path(name).read_text().splitlines() if line.strip()]


def _import(records):
    return import_stream(io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode()), name="sample.jsonl")


def _export(types) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=list(types))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _key(record):
    return (record["type"], record["ref"])


def test_records_then_routes_import_export_and_reimport_identically():
    types = [t for t in VERSION_1_1 if registry.get(t) is not None]
    assert set(MINE) <= set(types)
    records, routes = _records("records.jsonl"), _records("routes.jsonl")
    routes = [r for r in routes if r["type"] in types]  # a type another branch has not registered yet
    for part in (records, routes):
        result = _import(part)
        assert result.ok, [str(p) for p in result.problems][:5]
    assert sorted(_export(types), key=_key) == sorted(routes, key=_key)
    again = _import(_export([t for t in registry.SPEC_TYPES if registry.get(t)]))
    assert again.ok
    assert all(not c["created"] and not c["updated"] for c in again.counts.values()), again.counts


def test_importing_the_routes_again_changes_nothing():
    assert _import(_records("records.jsonl")).ok
    routes = [r for r in _records("routes.jsonl") if registry.get(r["type"]) is not None]
    assert _import(routes).ok
    again = _import(routes)
    assert again.ok and all(not c["created"] and not c["updated"] for c in again.counts.values()), again.counts
