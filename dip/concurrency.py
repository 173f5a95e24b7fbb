"""Optimistic locking for edit pages, without a version column (reliability.md CONC-1).

The edit page carries a fingerprint of the values it showed. The service locks the row and compares: if
someone saved in between, it raises EditConflict instead of silently writing over their change; the page
then shows both versions, keeps what the user typed, and carries the new fingerprint, so saving again is a
deliberate choice to replace the other person's values.
"""

import hashlib
import json

from django import forms

FIELD = "seen_version"


def fingerprint(instance, fields) -> str:
    """A short digest of the named fields' stored values (order-independent)."""
    values = {name: str(getattr(instance, instance._meta.get_field(name).attname)) for name in sorted(fields)}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:24]


class EditConflict(Exception):
    """The row changed after the user opened the page. `current` is the row as saved now."""

    def __init__(self, current, fields):
        super().__init__(f"{current._meta.label} {current.pk} changed while it was being edited")
        self.current, self.fields = current, tuple(fields)


def check_unchanged(locked, fields, seen: str | None) -> None:
    """Call with the row locked (select_for_update). No fingerprint (an old page): no check."""
    if seen and seen != fingerprint(locked, fields):
        raise EditConflict(locked, fields)


def version_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, required=False)


def differences(form, current) -> list[dict]:
    """The fields whose saved value differs from what the user typed, with both shown as the form shows them."""
    rows = []
    for name in form.fields:
        if name == FIELD or name not in form.cleaned_data:
            continue
        field = current._meta.get_field(name)
        saved, yours = getattr(current, name), form.cleaned_data[name]
        if saved != yours:
            rows.append({"label": form.fields[name].label or field.verbose_name, "saved": _shown(form, name, saved),
                         "yours": _shown(form, name, yours)})
    return rows


def _shown(form, name, value) -> str:
    if value in (None, ""):
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    choices = dict(getattr(form.fields[name], "choices", None) or [])
    return str(choices.get(value, value))
