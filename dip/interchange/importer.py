"""Import a JSON Lines file (spec/interchange.md): streamed, in batches, all or nothing.

Each batch of lines is parsed and validated, its foreign refs are looked up in one query per
type, and its rows are written with bulk operations, types in dependency order. Rows written by
earlier batches are in the (still open) transaction, so "earlier in the file" and "already in the
database" are the same lookup. Any problem anywhere rolls the whole transaction back.

Every problem is found, not only the first (up to MAX_ERRORS, reported in line order): a batch the
database refuses is rolled back to its savepoint and written again one record at a time, each in
its own savepoint, so that a constraint or trigger is reported at the line that broke it.
Refs seen so far live in a temporary table (bounded memory): a ref repeated for a type is refused.
"""

import copy
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
from dip.interchange.dberrors import describe
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


@dataclass
class _Line:
    number: int
    record_type: registry.RecordType
    ref: str
    data: dict[str, Any]
    targets: list[tuple[str, str]] = field(default_factory=list)  # (type, ref) of each record it refers to


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
                cursor.execute(_SEEN_CREATE)
            for batch in _batches(enumerate(lines, 1), self.batch_size):
                first = len(self.result.problems)
                self._batch(batch)
                # Problems of one batch come from several passes (parse, rules, database): line order.
                self.result.problems[first:] = sorted(self.result.problems[first:], key=lambda p: p.line)
                if len(self.result.problems) >= self.max_errors:
                    del self.result.problems[self.max_errors:]
                    self.result.truncated = True
                    break
            with connection.cursor() as cursor:
                cursor.execute(_SEEN_DROP)
            if self.result.ok and not dry_run:
                audit.record(
                    None, AuditEvent.Action.IMPORT, "interchange", user=self.user,
                    detail={"file": name, "lines": self.result.lines, "records": self.result.counts},
                )
            else:
                transaction.set_rollback(True)
        return self.result

    # --- one batch ------------------------------------------------------------------------
    def _problem(
        self, line: int, message: str, type_name: str = "", ref: str = "", field_name: str = "", *, fail: bool = True,
    ) -> None:
        self.result.problems.append(Problem(line, message, type_name, ref, field_name))
        if fail and type_name and ref:
            self.failed.add((type_name, ref))

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
        self._keys.append((type_name, ref, number))  # checked for repeats even when the line is invalid
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
        self._keys: list[tuple[str, str, int]] = []
        parsed = [line for number, raw in batch if (line := self._parse(number, raw)) is not None]
        repeated = self._repeated()
        parsed = [line for line in parsed if line.number not in repeated]
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
        valid: list[_Line] = []
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
            valid.append(line)
        # Written even after a problem (the transaction is rolled back at the end), so that later
        # lines referring to valid records here are checked against them.
        new = [obj for bucket in buckets.values() for obj, _ in bucket.values() if obj.pk is None]
        counts = copy.deepcopy(self.result.counts)
        try:
            with transaction.atomic():
                self._write(buckets, before)
        except DatabaseError:
            self.result.counts = counts
            _unsave(new)
            self._write_one_by_one(valid, buckets, before)

    def _write_one_by_one(self, lines: list[_Line], buckets: dict, before: dict) -> None:
        """Write a refused batch again record by record, in file order, to name each refused line."""
        for line in lines:
            type_name = line.record_type.type
            if any(target in self.failed for target in line.targets):
                self.failed.add((type_name, line.ref))  # refers to a refused record: its problem is reported
                continue
            obj, data = buckets[type_name][line.ref]
            _sync_foreign_keys(obj)
            created = obj.pk is None
            counts = copy.deepcopy(self.result.counts)
            try:
                with transaction.atomic():
                    self._write({type_name: {line.ref: (obj, data)}}, before)
            except DatabaseError as error:
                self.result.counts = counts
                if created:
                    _unsave([obj])
                field_name, message = describe(error, line.record_type)
                self._problem(line.number, message, type_name, line.ref, field_name)

    def _repeated(self) -> set[int]:
        """Report each line of the batch whose type and ref an earlier line of the file had; their numbers."""
        first: dict[tuple[str, str], int] = {}
        repeats: list[tuple[int, int, str, str]] = []  # (line, earlier line, type, ref)
        for type_name, ref, number in self._keys:
            if (type_name, ref) in first:
                repeats.append((number, first[type_name, ref], type_name, ref))
            else:
                first[type_name, ref] = number
        if first:
            with connection.cursor() as cursor:
                cursor.execute(_SEEN_FIND, [[t for t, _ in first], [r for _, r in first]])
                for type_name, ref, earlier in cursor.fetchall():
                    repeats.append((first.pop((type_name, ref)), earlier, type_name, ref))
                if first:
                    cursor.execute(_SEEN_ADD, [[t for t, _ in first], [r for _, r in first], list(first.values())])
        for number, earlier, type_name, ref in repeats:
            self._problem(  # fail=False: the first line is the record (refs to it resolve to it)
                number, f"repeats the ref of line {earlier} (a ref is unique within its type)", type_name, ref, "ref",
                fail=False,
            )
        return {number for number, *_ in repeats}

    def _resolve(self, line: _Line, pending: dict, found: dict) -> bool:
        ok = True
        for ref_field in line.record_type.refs():
            ref = line.data[ref_field.name]
            if ref is None:
                continue
            line.targets.append((ref_field.target, ref))
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
            created, updated, corrections, written = [], [], [], []
            for ref, (obj, data) in bucket.items():
                if obj.pk is None:
                    created.append(obj)
                    written.append((obj, data, True))
                elif record_type.has_changed(obj, before[(cls.type, ref)], data):
                    if record_type.append_only:  # a correction row, made afresh on every attempt
                        correction = record_type.correction(obj)
                        corrections.append(correction)
                        written.append((correction, data, True))
                    else:
                        updated.append(obj)
                        written.append((obj, data, False))
                else:
                    self.result.count(cls.type, "unchanged")
            if created or corrections:
                model._base_manager.bulk_create(created + corrections)
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
            for _ in updated + corrections:
                self.result.count(cls.type, "updated")
            if written:
                record_type.after_write(written)


def _unsave(objs: list) -> None:
    """Forget the primary keys a rolled-back bulk_create gave to new instances."""
    for obj in objs:
        obj.pk = None
        obj._state.adding = True


def _sync_foreign_keys(obj) -> None:
    """Point foreign keys at their (re-)saved targets: a rolled-back attempt left the old keys behind."""
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation:
            related = model_field.get_cached_value(obj, None)
            if related is not None:
                setattr(obj, model_field.attname, related.pk)


# Refs of this file so far, by type, with their line: in the server, so memory does not grow with
# the file. Dropped at the end (and with the transaction), so a second import starts afresh.
_SEEN_DROP = "DROP TABLE IF EXISTS pg_temp.interchange_seen_refs"
_SEEN_CREATE = (
    f"{_SEEN_DROP}; CREATE TEMPORARY TABLE interchange_seen_refs "
    "(type text, ref text, line bigint, PRIMARY KEY (type, ref)) ON COMMIT DROP"
)
_SEEN_FIND = (
    "SELECT s.type, s.ref, s.line FROM pg_temp.interchange_seen_refs s "
    "JOIN unnest(%s::text[], %s::text[]) AS w(type, ref) ON s.type = w.type AND s.ref = w.ref"
)
_SEEN_ADD = "INSERT INTO pg_temp.interchange_seen_refs SELECT * FROM unnest(%s::text[], %s::text[], %s::bigint[])"


def _batches(items: Iterator, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def import_file(path: str, *, user=None, dry_run: bool = False, **options) -> Result:
    with open(path, "rb") as stream:
        return Importer(user=user, **options).run(stream, name=path, dry_run=dry_run)


def import_stream(stream: IO, *, name: str = "", user=None, dry_run: bool = False, **options) -> Result:
    return Importer(user=user, **options).run(stream, name=name, dry_run=dry_run)
