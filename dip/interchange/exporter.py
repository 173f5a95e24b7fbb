"""Export every registered type to JSON Lines (spec/interchange.md), streamed, one consistent snapshot."""

import json
from typing import IO

from django.db import connection, transaction

from dip import audit
from dip.interchange import registry
from dip.models import AuditEvent

CHUNK_SIZE = 2000


def export_stream(stream: IO[str], *, user=None, name: str = "", types: list[str] | None = None) -> dict[str, int]:
    """Write each record as one line, types in dependency order (so the file imports as it is)."""
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # one snapshot across all types: no record refers to one the file lacks
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for cls in registry.ordered():
            if types and cls.type not in types:
                continue
            record_type = cls({"user": user})
            count = 0
            for obj in record_type.export_queryset().iterator(chunk_size=CHUNK_SIZE):
                stream.write(json.dumps(record_type.from_model(obj), ensure_ascii=False) + "\n")
                count += 1
            counts[cls.type] = count
    audit.record(None, AuditEvent.Action.EXPORT, "interchange", user=user, detail={"file": name, "records": counts})
    return counts


def export_file(path: str, *, user=None, types: list[str] | None = None) -> dict[str, int]:
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        return export_stream(stream, user=user, name=path, types=types)
