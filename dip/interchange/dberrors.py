"""A database error on one record, told as the spec's `field: message` (spec/interchange.md).

The importer re-writes a failed batch one record at a time to find the line that broke a constraint
or trigger; this module names the record's field and says what was refused. Never the DETAIL of the
error: PostgreSQL puts internal ids there ("Key (client_id)=(5) ...").
"""

import re
from typing import Any

from django.db import DatabaseError, connection, models

# pgtrigger names a trigger's function `pgtrigger_<name>_<hash>`; PL/pgSQL reports it in the context.
_TRIGGER = re.compile(r"function pgtrigger_(\w+)_[0-9a-f]{5}\(")


def describe(error: DatabaseError, record_type: Any) -> tuple[str, str]:
    """(spec field or "", message) for a database error raised while writing one record."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is None:
        return "", f"refused by the database ({error.__class__.__name__})"
    model = record_type.model
    primary = (diag.message_primary or "").strip()
    constraint = diag.constraint_name or ""
    trigger = _TRIGGER.search(diag.context or "")
    if trigger:
        name = trigger[1]
        field = record_type.db_fields.get(name, "")
        # A trigger's message may start with the record ("referral R-2: ..."); the report says that already.
        return field, re.sub(r"^\w+ [^:]{1,64}: ", "", primary)
    if constraint:
        names = _constraint_fields(model, constraint)
        field = record_type.db_fields.get(constraint) or _spec_field(record_type, names)
        code = getattr(error.__cause__, "pgcode", None) or getattr(error.__cause__, "sqlstate", None)
        if code == "23505":  # unique_violation
            together = " and ".join(names) or "value"
            return field, f"another record already has this {together} (database constraint {constraint})"
        return field, f"breaks the database rule {constraint}"
    if diag.column_name:  # not-null violation
        return _spec_field(record_type, [_field_of_column(model, diag.column_name)]), "required by the database"
    return "", f"refused by the database: {primary}"


def _constraint_fields(model: type[models.Model], name: str) -> list[str]:
    """Model field names a named constraint is about (UniqueConstraint fields, or a check's Q terms)."""
    for constraint in model._meta.constraints:
        if constraint.name != name:
            continue
        if getattr(constraint, "fields", None):
            return list(constraint.fields)
        condition = getattr(constraint, "condition", None)
        return list(dict.fromkeys(_q_fields(condition))) if condition is not None else []
    # Not declared on the model (Django's own _fk_/_uniq names, or one added by hand): ask the catalogue.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_constraint k JOIN pg_attribute a"
            " ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)"
            " WHERE k.conname = %s AND k.conrelid = %s::regclass ORDER BY array_position(k.conkey, a.attnum)",
            [name, model._meta.db_table],
        )
        return [_field_of_column(model, column) for (column,) in cursor.fetchall()]


def _q_fields(q: Any):
    for child in getattr(q, "children", ()):
        if isinstance(child, tuple):
            yield child[0].split("__")[0]
        else:
            yield from _q_fields(child)


def _field_of_column(model: type[models.Model], column: str) -> str:
    for field in model._meta.concrete_fields:
        if field.column == column:
            return field.name
    return column


def _spec_field(record_type: Any, names: list[str]) -> str:
    """The first of `names` the record type declares (by its model attribute), else ""."""
    for name in names:
        for spec_name, field in record_type.fields.items():
            if field.attr == name or spec_name == name:
                return spec_name
    return names[0] if names == ["ref"] else ""
