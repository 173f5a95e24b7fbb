"""Field declarations of interchange record types: parse a JSON value on import, dump it on export.

A field parses a non-null JSON value into the Python value the model stores (raising `Invalid`
with a message for the error report) and dumps a stored value back to JSON in the spec's form.
"""

import datetime
import re
from collections.abc import Iterable
from typing import Any


class Invalid(Exception):  # noqa: N818  (a validation outcome, not a crash)
    """A value that breaks the spec; `field` is filled in by the caller when not given."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Field:
    """One field of a record type.

    required: absent or null is an error ("required"); otherwise absent/null stores `empty`.
    attr: the model attribute (default: the field's name); None means the type handles it itself.
    emit_null: on export write `null` for an empty value instead of leaving the key out.
    """

    empty: Any = None

    def __init__(self, *, required: bool = True, attr: str | None = "", emit_null: bool = False, empty: Any = ...):
        self.required = required
        self.attr = attr
        self.emit_null = emit_null
        if empty is not ...:
            self.empty = empty
        self.name = ""

    def bind(self, name: str) -> None:
        self.name = name
        if self.attr == "":
            self.attr = name

    def parse(self, value: Any) -> Any:
        return value

    def dump(self, value: Any) -> Any:
        return value

    def is_empty(self, value: Any) -> bool:
        return value is None or value == "" or value == []

    # Model access (overridden by fields whose attribute is not a plain value).
    def read(self, obj: Any) -> Any:
        return getattr(obj, self.attr)

    def write(self, obj: Any, value: Any) -> None:
        setattr(obj, self.attr, self.empty if value is None else value)


class Text(Field):
    empty = ""

    def __init__(self, *, max_length: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid("must be a string")
        if not value.strip():
            raise Invalid("must not be blank")
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid(f"must be at most {self.max_length} characters")
        return value


class Choice(Field):
    """One of a fixed set of strings (a list, or a Django TextChoices class)."""

    def __init__(self, choices: Iterable[str] | Any, **kwargs):
        super().__init__(**kwargs)
        self.choices = tuple(getattr(choices, "values", choices))

    def parse(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise Invalid(f"must be one of {', '.join(self.choices)}")
        return value


class Bool(Field):
    def parse(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid("must be true or false")
        return value

    def is_empty(self, value: Any) -> bool:
        return value is None


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


class Date(Field):
    """A local (Europe/London) calendar date, `YYYY-MM-DD`."""

    def parse(self, value: Any) -> datetime.date:
        if not isinstance(value, str) or not _DATE.match(value):
            raise Invalid("must be a date YYYY-MM-DD")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise Invalid("is not a real date") from None

    def dump(self, value: datetime.date | None) -> str | None:
        return None if value is None else value.isoformat()


class DateTime(Field):
    """ISO 8601 with an offset on import; UTC with `Z` on export."""

    def parse(self, value: Any) -> datetime.datetime:
        if not isinstance(value, str):
            raise Invalid("must be a date-time like 2025-03-30T00:30:00+01:00")
        if not _DATETIME.match(value):
            if re.match(r"^\d{4}-\d{2}-\d{2}T[\d:.]+$", value):
                raise Invalid("must have an offset (Z or +01:00)")
            raise Invalid("must be a date-time like 2025-03-30T00:30:00+01:00")
        try:
            return datetime.datetime.fromisoformat(value).astimezone(datetime.UTC)
        except ValueError:
            raise Invalid("is not a real date-time") from None

    def dump(self, value: datetime.datetime | None) -> str | None:
        if value is None:
            return None
        value = value.astimezone(datetime.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S" + (".%f" if value.microsecond else "") + "Z")


class Normalised(Text):
    """Text passed through a normaliser (e.g. clients.identifiers.normalise_pnc) that raises
    django ValidationError; its message goes to the report."""

    def __init__(self, normalise, **kwargs):
        super().__init__(**kwargs)
        self.normalise = normalise

    def parse(self, value: Any) -> str:
        from django.core.exceptions import ValidationError

        value = super().parse(value)
        try:
            return self.normalise(value)
        except ValidationError as error:
            raise Invalid(" ".join(error.messages)) from None


class Ref(Field):
    """The ref of another record, of type `target` ("client"). Parsed to the ref string; the
    importer then resolves it (earlier in the file or in the database) to the model instance."""

    def __init__(self, target: str, **kwargs):
        super().__init__(**kwargs)
        self.target = target

    def parse(self, value: Any) -> str:
        if not isinstance(value, str) or not 1 <= len(value) <= 64:
            raise Invalid(f"must be the ref of a {self.target} (1 to 64 characters)")
        return value

    def read(self, obj: Any) -> Any:
        return getattr(obj, self.attr)

    def dump(self, value: Any) -> str | None:
        return None if value is None else value.ref


class Object(Field):
    """A nested JSON object with its own fields (e.g. an appointment). Parsed to a dict."""

    def __init__(self, fields: dict[str, Field], **kwargs):
        super().__init__(**kwargs)
        self.fields = fields
        for name, field in fields.items():
            field.bind(name)

    def parse(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise Invalid("must be an object")
        unknown = sorted(set(value) - set(self.fields))
        if unknown:
            raise Invalid(f"unknown field {unknown[0]}")
        result = {}
        for name, field in self.fields.items():
            raw = value.get(name)
            if raw is None:
                if field.required:
                    raise Invalid(f"{name}: required")
                result[name] = field.empty
                continue
            try:
                result[name] = field.parse(raw)
            except Invalid as error:
                raise Invalid(f"{name}: {error.message}") from None
        return result

    def dump(self, value: dict | None) -> dict | None:
        if value is None:
            return None
        out = {}
        for name, field in self.fields.items():
            item = value.get(name)
            if field.is_empty(item):
                if field.emit_null:
                    out[name] = None
                continue
            out[name] = field.dump(item)
        return out


class List(Field):
    """A JSON list of `item` values. Parsed to a list; empty on export means absent."""

    empty: Any = ()

    def __init__(self, item: Field, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        item.bind("item")

    def parse(self, value: Any) -> list:
        if not isinstance(value, list):
            raise Invalid("must be a list")
        result = []
        for index, raw in enumerate(value, 1):
            if raw is None:
                raise Invalid(f"item {index}: must not be null")
            try:
                result.append(self.item.parse(raw))
            except Invalid as error:
                raise Invalid(f"item {index}: {error.message}") from None
        return result

    def dump(self, value: list | None) -> list:
        return [self.item.dump(item) for item in value or ()]

    def is_empty(self, value: Any) -> bool:
        return not value
