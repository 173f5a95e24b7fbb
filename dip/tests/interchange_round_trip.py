"""factory → export → import → export: records an application made come back identical (issue 8).

The export is imported again under new refs (every ref and every reference renamed), so the import
builds new rows from the file alone; their export, with the old refs put back, must equal the first.
"""

import io
import json

from dip.interchange import registry
from dip.interchange.exporter import export_stream
from dip.interchange.fields import Ref
from dip.interchange.importer import import_stream

PREFIX = "RT-"


def export(types) -> list[dict]:
    out = io.StringIO()
    export_stream(out, types=list(types))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _rename(record: dict, rename) -> dict:
    fields = registry.get(record["type"]).fields
    return {
        key: rename(value) if key == "ref" or (isinstance(fields.get(key), Ref) and value is not None) else value
        for key, value in record.items()
    }


def assert_round_trip(types, *, min_records: int = 1) -> list[dict]:
    """Export `types` (each with what it refers to), import that under new refs, export again: identical."""
    first = export(types)
    assert len(first) >= min_records, first
    renamed = [_rename(r, lambda ref: PREFIX + ref) for r in first]
    data = "".join(json.dumps(r) + "\n" for r in renamed).encode()
    result = import_stream(io.BytesIO(data), name="round-trip.jsonl")
    assert result.ok, [str(p) for p in result.problems]
    assert all(c["created"] and not c["updated"] for c in result.counts.values()), result.counts
    second = [_rename(r, lambda ref: ref.removeprefix(PREFIX)) for r in export(types) if r["ref"].startswith(PREFIX)]
    assert second == first
    return first
