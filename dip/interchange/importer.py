"""Import a JSON Lines file (spec/interchange.md): streamed, in batches, all or nothing.

Each batch of lines is parsed and validated, its foreign refs are looked up in one query per
type, and its rows are written with bulk operations, types in dependency order. Rows written by
earlier batches are in the (still open) transaction, so "earlier in the file" and "already in the
database" are the same lookup. Any problem anywhere rolls the whole transaction back.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

import pghistory
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from dip import audit
from dip.interchange import registry
from dip.interchange.fields import Invalid, Ref
from dip.models import AuditEvent

BATCH_SIZE = 1000
MAX_ERRORS = 100


@dataclass
class Problem:
    line: int
    message: str
    type: str = ""
    ref: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = " ".join(part for part in (self.type, self.ref) if part)
        parts = [f"line {self.line}"] + ([where] if where else []) + ([self.field] if self.field else [])
        return ": ".join([*parts, self.message])


@dataclass
class Result:
    lines: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False  # stopped after MAX_ERRORS problems

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, type_name: str, outcome: str) -> None:
        counts = self.counts.setdefault(type_name, {"created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] += 1


class _TooManyProblems(Exception):  # noqa: N818
    pass


@dataclass
class _Line:
    number: int
    record_type: registry.RecordType
    ref: str
    data: dict[str, Any]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


class Importer:
    def __init__(self, *, user=None, batch_size: int = BATCH_SIZE, max_errors: int = MAX_ERRORS):
        self.user = user
        self.batch_size = batch_size
        self.max_errors = max_errors
        self.result = Result()
        self.context = {"user": user, "now": timezone.now()}
        self.types: dict[str, registry.RecordType] = {}
        self.failed: set[tuple[str, str]] = set()  # records with problems: refs to them add no noise

    def run(self, lines: Iterable[bytes | str], *, name: str = "", dry_run: bool = False) -> Result:
        """Import `lines` (a binary file, or any iterable of lines). Writes nothing unless all are valid."""
        with transaction.atomic(), pghistory.context(
            source="import_records", file=name, user=getattr(self.user, "pk", None),
        ):
            # Check foreign keys per statement (parents are always written first): deferred checks
            # would queue one event per row in the server until commit, unbounded for a big file.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                for batch in _batches(enumerate(lines, 1), self.batch_size):
                    self._batch(batch)
            except _TooManyProblems:
                self.result.truncated = True
            if self.result.ok and not dry_run:
                audit.record(
                    None, AuditEvent.Action.IMPORT, "interchange", user=self.user,
                    detail={"file": name, "lines": self.result.lines, "records": self.result.counts},
                )
            else:
                transaction.set_rollback(True)
        return self.result

    # --- one batch ------------------------------------------------------------------------
    def _problem(self, line: int, message: str, type_name: str = "", ref: str = "", field_name: str = "") -> None:
        self.result.problems.append(Problem(line, message, type_name, ref, field_name))
        if type_name and ref:
            self.failed.add((type_name, ref))
        if len(self.result.problems) >= self.max_errors:
            raise _TooManyProblems

    def _record_type(self, name: str) -> registry.RecordType | None:
        if name not in self.types:
            cls = registry.get(name)
            self.types[name] = cls(self.context) if cls else None
        return self.types[name]

    def _parse(self, number: int, raw: bytes | str) -> _Line | None:
        """JSON, type, ref and each field's own value; refs stay strings here."""
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            return self._problem(number, "not UTF-8 text")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            return None
        self.result.lines += 1
        try:
            obj = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except ValueError as error:
            return self._problem(number, f"not valid JSON ({error})")
        if not isinstance(obj, dict):
            return self._problem(number, "not a JSON object")
        type_name, ref = obj.get("type"), obj.get("ref")
        if not isinstance(type_name, str) or not type_name:
            return self._problem(number, "required", field_name="type")
        if not isinstance(ref, str) or not 1 <= len(ref) <= 64:
            return self._problem(number, "required: a string of 1 to 64 characters", type_name, field_name="ref")
        record_type = self._record_type(type_name)
        if record_type is None:
            if type_name in registry.SPEC_TYPES:
                return self._problem(number, f"type {type_name} is not yet supported by this application", type_name, ref)
            return self._problem(number, f"unknown type {type_name!r}", type_name[:64], ref, "type")
        data, ok = {}, True
        for key in obj:
            if key not in record_type.fields and key not in ("type", "ref"):
                self._problem(number, "unknown field", type_name, ref, key)
                ok = False
        for name, spec in record_type.fields.items():
            value = obj.get(name)
            if value is None:
                if spec.required:
                    self._problem(number, "required", type_name, ref, name)
                    ok = False
                data[name] = None if isinstance(spec, Ref) else spec.empty
                continue
            try:
                data[name] = spec.parse(value)
            except Invalid as error:
                self._problem(number, error.message, type_name, ref, error.field or name)
                ok = False
            except (ValueError, TypeError, ArithmeticError) as error:
                self._problem(number, f"cannot be read ({error.__class__.__name__}: {error})", type_name, ref, name)
                ok = False
        return _Line(number, record_type, ref, data) if ok else None

    def _batch(self, batch: list[tuple[int, bytes | str]]) -> None:
        parsed = [line for number, raw in batch if (line := self._parse(number, raw)) is not None]
        if not parsed:
            return
        # One query per type for the rows this batch may update, and one per referred type.
        wanted: dict[str, set[str]] = defaultdict(set)
        targets: dict[str, set[str]] = defaultdict(set)
        for line in parsed:
            wanted[line.record_type.type].add(line.ref)
            for ref_field in line.record_type.refs():
                if line.data[ref_field.name] is not None:
                    targets[ref_field.target].add(line.data[ref_field.name])
        existing = {
            name: {o.ref: o for o in self.types[name].existing_queryset().filter(ref__in=refs)}
            for name, refs in wanted.items()
        }
        found = {}
        for name, refs in targets.items():
            target_type = self._record_type(name)
            found[name] = {o.ref: o for o in target_type.lookup_queryset().filter(ref__in=refs)} if target_type else {}

        pending: dict[tuple[str, str], Any] = {}  # records of this batch so far, in file order
        before: dict[tuple[str, str], dict] = {}
        buckets: dict[str, dict[str, tuple[Any, dict]]] = defaultdict(dict)
        for line in parsed:
            record_type, type_name = line.record_type, line.record_type.type
            if not self._resolve(line, pending, found):
                continue
            key = (type_name, line.ref)
            obj = pending.get(key) or existing[type_name].get(line.ref)
            try:
                problems = list(record_type.clean(line.data))
                for field_name, message in problems:
                    self._problem(line.number, message, type_name, line.ref, field_name)
                if problems:
                    continue
                if obj is None:
                    obj = record_type.model(ref=line.ref)
                elif key not in before and obj.pk is not None:
                    before[key] = registry.model_values(obj)
                record_type.to_model(obj, line.data)
            except (ValueError, TypeError, ArithmeticError, AttributeError, KeyError) as error:
                # A value the type's rules did not foresee (e.g. a date out of range): report, never crash.
                self._problem(line.number, f"cannot be checked ({error.__class__.__name__}: {error})", type_name, line.ref)
                continue
            pending[key] = obj
            buckets[type_name][line.ref] = (obj, line.data)
        # Written even after a problem (the transaction is rolled back at the end), so that later
        # lines referring to valid records here are checked against them.
        try:
            with transaction.atomic():
                self._write(buckets, before)
        except DatabaseError as error:
            self._problem(batch[0][0], f"the database refused lines {batch[0][0]}-{batch[-1][0]}: {error}".strip())
            raise _TooManyProblems from error

    def _resolve(self, line: _Line, pending: dict, found: dict) -> bool:
        ok = True
        for ref_field in line.record_type.refs():
            ref = line.data[ref_field.name]
            if ref is None:
                continue
            target = pending.get((ref_field.target, ref)) or found.get(ref_field.target, {}).get(ref)
            if target is not None:
                line.data[ref_field.name] = target
            elif (ref_field.target, ref) in self.failed:
                ok = False  # that record's own problem is already reported
                self.failed.add((line.record_type.type, line.ref))
            else:
                self._problem(
                    line.number, f"no {ref_field.target} with ref {ref} earlier in the file or in the database",
                    line.record_type.type, line.ref, ref_field.name,
                )
                ok = False
        return ok

    def _write(self, buckets: dict[str, dict[str, tuple[Any, dict]]], before: dict) -> None:
        for cls in registry.ordered():
            record_type = self.types.get(cls.type)
            bucket = buckets.get(cls.type)
            if not bucket:
                continue
            model = record_type.model
            created, updated, written = [], [], []
            for ref, (obj, data) in bucket.items():
                if obj.pk is None:
                    created.append(obj)
                    written.append((obj, data, True))
                elif record_type.has_changed(obj, before[(cls.type, ref)], data):
                    updated.append(obj)
                    written.append((obj, data, False))
                else:
                    self.result.count(cls.type, "unchanged")
            if created:
                model._base_manager.bulk_create(created)
            if updated:
                now = timezone.now()
                columns = []
                for f in model._meta.concrete_fields:
                    if f.primary_key or getattr(f, "auto_now_add", False):
                        continue
                    if getattr(f, "auto_now", False):
                        for obj in updated:
                            setattr(obj, f.attname, now)
                    columns.append(f.name)
                model._base_manager.bulk_update(updated, columns)
            for _ in created:
                self.result.count(cls.type, "created")
            for _ in updated:
                self.result.count(cls.type, "updated")
            if written:
                record_type.after_write(written)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def import_file(path: str, *, user=None, dry_run: bool = False, **options) -> Result:
    with open(path, "rb") as stream:
        return Importer(user=user, **options).run(stream, name=path, dry_run=dry_run)


def import_stream(stream: IO, *, name: str = "", user=None, dry_run: bool = False, **options) -> Result:
    return Importer(user=user, **options).run(stream, name=name, dry_run=dry_run)
