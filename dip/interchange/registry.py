"""Record types and their registry: `@register class XRecord(RecordType)`; see the package docstring."""

import importlib
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from django.db import models
from django.utils.module_loading import autodiscover_modules

from dip.interchange.fields import Field, Ref

# Every type spec/interchange.md defines, in the spec's order. A spec'd type with no registered
# implementation is reported as "not yet supported", any other type as unknown.
SPEC_TYPES = (
    "area", "custody_suite", "provider", "client", "consent", "drug_test", "required_assessment",
    "referral", "drr_order", "drr_appointment", "drr_test", "drr_warning", "drr_breach",
)

_registry: dict[str, type["RecordType"]] = {}
_discovered = False


class RecordType:
    """One spec type. Subclass, set `type`, `model` and `fields`, decorate with `@register`."""

    type: ClassVar[str]
    model: ClassVar[type[models.Model]]
    fields: ClassVar[dict[str, Field]]
    # A database constraint or trigger (by name) → the spec field an import error names for it; a
    # constraint's own fields are found without this (dip.interchange.dberrors).
    db_fields: ClassVar[dict[str, str]] = {}
    # Rows the database never updates (a trigger): an existing record imported with other values is
    # written as a new row from correction(obj) instead of an update (counted as updated).
    append_only: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, field in getattr(cls, "fields", {}).items():
            field.bind(name)

    def __init__(self, context: dict[str, Any] | None = None):
        # context: {"user": the importing user or None}
        self.context = context or {}

    # --- import ---------------------------------------------------------------------------
    def clean(self, data: dict[str, Any]) -> Iterable[tuple[str, str]]:
        """Rules across fields or records: yield (field, message) for each problem.

        `data` holds every declared field (absent → the field's `empty`), with Ref fields
        already resolved to model instances (possibly unsaved: records earlier in the batch)."""
        return ()

    def to_model(self, obj: models.Model, data: dict[str, Any]) -> None:
        """Copy the record onto `obj` (a new instance with `ref` set, or the existing row)."""
        for field in self.fields.values():
            if field.attr:
                field.write(obj, data[field.name])

    def has_changed(self, obj: models.Model, before: dict[str, Any], data: dict[str, Any]) -> bool:
        """Whether an existing row differs after to_model (`before` = model_values before it)."""
        return model_values(obj) != before

    def correction(self, obj: models.Model) -> models.Model:
        """For an append_only type: a new, unsaved row carrying `obj`'s new values (set by to_model)."""
        raise NotImplementedError

    def after_write(self, written: list[tuple[models.Model, dict[str, Any], bool]]) -> None:
        """Write what bulk writes cannot (child rows): `written` = (obj, data, created) for every
        record of this type in the batch that was created or changed, after the rows are saved."""

    def existing_queryset(self) -> models.QuerySet:
        """Rows this file may update, looked up by ref (add prefetch_related for children)."""
        return self.model._base_manager.all()

    def lookup_queryset(self) -> models.QuerySet:
        """Rows other records refer to (add select_related for what their clean() reads)."""
        return self.model._base_manager.all()

    # --- export ---------------------------------------------------------------------------
    def export_queryset(self) -> models.QuerySet:
        related = [f.attr for f in self.fields.values() if isinstance(f, Ref) and f.attr]
        return self.model._base_manager.select_related(*related).order_by("pk")

    def from_model(self, obj: models.Model) -> dict[str, Any]:
        """The record in the spec's form: type, ref, then the fields in declared (spec) order;
        an empty optional value is left out, unless the field says emit_null."""
        record: dict[str, Any] = {"type": self.type, "ref": obj.ref}
        for name, field in self.fields.items():
            value = self.read(obj, field)
            if field.is_empty(value):
                if field.emit_null:
                    record[name] = None
                continue
            record[name] = field.dump(value)
        return record

    def read(self, obj: models.Model, field: Field) -> Any:
        """The stored value of `field` (override for fields with attr=None)."""
        return field.read(obj)

    # --- helpers --------------------------------------------------------------------------
    @classmethod
    def refs(cls) -> Iterator[Ref]:
        return (f for f in cls.fields.values() if isinstance(f, Ref))


def model_values(obj: models.Model) -> dict[str, Any]:
    """Concrete column values; a foreign key to a just-saved instance counts by that instance's pk."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            related = field.get_cached_value(obj, None)
            values[field.attname] = related.pk if related is not None else getattr(obj, field.attname)
        else:
            values[field.attname] = getattr(obj, field.attname)
    return values


def register(cls: type[RecordType]) -> type[RecordType]:
    if cls.type not in SPEC_TYPES:
        raise ValueError(f"{cls.type!r} is not a type of spec/interchange.md")
    if cls.type in _registry and _registry[cls.type] is not cls:
        raise ValueError(f"interchange type {cls.type!r} is registered twice")
    _registry[cls.type] = cls
    return cls


def autodiscover() -> None:
    """Import `<app>.interchange` of every installed app (DipConfig.ready() does; again is a no-op)."""
    global _discovered
    if _discovered:
        return
    importlib.import_module("dip.interchange.organisation")
    autodiscover_modules("interchange")
    _discovered = True


def get(type_name: str) -> type[RecordType] | None:
    autodiscover()
    return _registry.get(type_name)


def ordered() -> list[type[RecordType]]:
    """Registered types, each after every type it refers to (spec order otherwise)."""
    autodiscover()
    done: list[type[RecordType]] = []

    def visit(cls: type[RecordType], path: tuple[str, ...]) -> None:
        if cls in done:
            return
        if cls.type in path:
            raise ValueError(f"interchange types refer to each other in a cycle: {path}")
        for ref in cls.refs():
            target = _registry.get(ref.target)
            if target is not None:
                visit(target, (*path, cls.type))
        done.append(cls)

    for name in SPEC_TYPES:
        if name in _registry:
            visit(_registry[name], ())
    return done
