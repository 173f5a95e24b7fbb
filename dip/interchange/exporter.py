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
    client_ids: set[int] = set()
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
            if path := client_path(cls.model):  # in the same snapshot: exactly the people whose records left
                client_ids.update(record_type.export_queryset().order_by().values_list(path, flat=True).distinct())
    client_ids.discard(None)
    audit.record(None, AuditEvent.Action.EXPORT, "interchange", user=user, detail={"file": name, "records": counts},
                 client_ids=client_ids)
    return counts


def client_path(model) -> str | None:
    """The lookup from a record to the client it is about: the client itself, its `client`, or its parent's
    (e.g. a DRR appointment's order's client); None for organisation records."""
    if model._meta.label_lower == "clients.client":
        return "pk"
    fields = {f.name: f for f in model._meta.get_fields() if f.is_relation and f.many_to_one}
    if "client" in fields:
        return "client_id"
    for name, field in fields.items():
        if any(f.name == "client" and f.many_to_one for f in field.related_model._meta.get_fields()):
            return f"{name}__client_id"
    return None


def export_file(path: str, *, user=None, types: list[str] | None = None) -> dict[str, int]:
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        return export_stream(stream, user=user, name=path, types=types)
