"""Which consent decision is in force: written once, used by pages, services, assessments and the import.

spec/interchange.md: "The latest decision (by decided_on, then file order) for a scope is the one in
force." Entry order stands in for file order; a correction (a re-imported record with other values,
Consent.corrects) replaces its record's decision but keeps that record's place in the order. The same
rule in SQL is ConsentQuerySet.in_force_first; the tests hold the two together.
"""

from collections.abc import Iterable

from clients.models import Consent


def superseded(consents: Iterable[Consent]) -> set[int]:
    """Primary keys of versions a later correction of the same record replaced (history, not in force)."""
    latest: dict[int, Consent] = {}
    rows = list(consents)
    for consent in rows:
        first = consent.corrects_id or consent.pk
        if first not in latest or consent.pk > latest[first].pk:
            latest[first] = consent
    return {consent.pk for consent in rows} - {consent.pk for consent in latest.values()}


def in_force(consents: Iterable[Consent]) -> dict[str, Consent]:
    """{scope: the decision in force} among one client's decisions (all of them, corrections included)."""
    rows = list(consents)
    replaced = superseded(rows)
    result: dict[str, Consent] = {}
    for consent in rows:
        if consent.pk in replaced:
            continue
        current = result.get(consent.scope)
        if current is None or _order(consent) > _order(current):
            result[consent.scope] = consent
    return result


def _order(consent: Consent) -> tuple:
    return consent.decided_on, consent.corrects_id or consent.pk
