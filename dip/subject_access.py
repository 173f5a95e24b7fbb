"""Subject access (UK GDPR Art. 15): everything held about one person, as one machine-readable bundle.

Generic on purpose: starting from the person's row, every row of every model that points at it, then every
row pointing at those, and so on (reverse foreign keys only, so the walk never climbs into reference data
such as areas or staff). A model added later is in the bundle without anyone remembering to add it; row
history comes the same way; the audit trail (who saw the record, and why: the disclosures) is added by its
client id. One query per model reached, whatever the amount of data.
"""

import base64
import datetime
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.utils import timezone

FORMAT = "dip-subject-access"
VERSION = 1
MAX_DEPTH = 4  # client -> order -> appointment -> warning -> (history): deep enough for every record kept


def _value(value):
    if isinstance(value, memoryview | bytes):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def _row(instance: Model) -> dict:
    return {field.attname: _value(getattr(instance, field.attname)) for field in instance._meta.concrete_fields}


def _label(model) -> str:
    return model._meta.label_lower


def collect(root: Model) -> dict[str, list[dict]]:
    """model label -> the rows held, reached from `root` by reverse foreign keys, level by level."""
    sections = {_label(type(root)): [_row(root)]}
    seen = {type(root)}
    level = {type(root): {root.pk}}
    for _depth in range(MAX_DEPTH):
        filters: dict[type, Q] = defaultdict(Q)
        for model, ids in level.items():
            for relation in model._meta.related_objects:
                if relation.many_to_many or relation.related_model in seen or not ids:
                    continue
                filters[relation.related_model] |= Q(**{f"{relation.field.name}__in": ids})
        level = {}
        for model, condition in filters.items():
            seen.add(model)
            rows = list(model._base_manager.filter(condition).order_by("pk"))
            if rows:
                sections[_label(model)] = [_row(r) for r in rows]
                level[model] = {r.pk for r in rows}
    return sections


def disclosures(root: Model) -> list[dict]:
    """Who accessed the record, when and why: the audit trail has no foreign key (it outlives the record)."""
    from dip.audit import events_about

    return [_row(event) for event in events_about(root.pk).order_by("at", "id")]


def bundle(root: Model, *, requested_by) -> dict:
    sections = collect(root)
    sections["dip.auditevent"] = disclosures(root)
    return {
        "format": FORMAT, "version": VERSION, "generated_at": timezone.now(), "generated_by": requested_by.get_username(),
        "subject": {"model": _label(type(root)), "id": root.pk, "ref": getattr(root, "ref", "")},
        "counts": {label: len(rows) for label, rows in sections.items()},
        "sections": sections,
    }


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.astimezone(datetime.UTC).isoformat()
        return super().default(o)
