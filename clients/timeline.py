"""The client page timeline. Each app registers a provider that returns its entries for a client.

A provider takes (client, user) and returns an iterable of Entry; it must use a constant number of
queries (one, ideally) whatever the number of entries. Register it in the app's hooks.py (imported
by `autodiscover_modules("hooks")` in DipConfig.ready()):

    from clients import timeline
    timeline.register(my_provider)
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[["object", "object"], Iterable["Entry"]]
PROVIDERS: list[Provider] = []


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime  # aware; for a date-only event use local midnight
    kind: str  # e.g. "Drug test", "Referral"
    title: str
    detail: str = ""
    url: str = ""


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def entries_for(client, user) -> list[Entry]:
    """All entries for this client, newest first."""
    entries = [entry for provider in PROVIDERS for entry in provider(client, user)]
    return sorted(entries, key=lambda e: e.at, reverse=True)
