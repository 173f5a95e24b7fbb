"""The client page timeline. Each app registers a provider that returns its entries for a client.

A provider takes (client, user) and returns an iterable of Entry; it must use a constant number of
queries (one, ideally) whatever the number of entries. Register it in the app's hooks.py (imported
by `autodiscover_modules("hooks")` in DipConfig.ready()):

    from clients import timeline
    timeline.register(my_provider)

An event with a time (a test, a notice) gives an aware datetime; an event that has only a date (a referral,
a treatment start) gives the date, and when it was recorded: it is shown as a date, and within its day it
sits by when it was recorded (not at 00:00, below that day's timed events).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

Provider = Callable[["object", "object"], Iterable["Entry"]]
PROVIDERS: list[Provider] = []


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime | datetime.date  # aware datetime, or the date of a date-only event
    kind: str  # e.g. "Drug test", "Referral"
    title: str
    detail: str = ""
    url: str = ""
    recorded_at: datetime.datetime | None = None  # date-only events: when recorded (orders them within the day)

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime.datetime)

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.at) if self.has_time else self.at

    def sort_key(self) -> tuple:
        """(local day, moment): the event's own time, or for a date-only event when it was recorded."""
        if self.has_time:
            moment = self.at
        else:  # never recorded (legacy data): first in its day, as if at its start
            moment = self.recorded_at or timezone.make_aware(datetime.datetime.combine(self.at, datetime.time.min))
        return self.day, moment


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def entries_for(client, user) -> list[Entry]:
    """All entries for this client, newest first: by day, then by when each happened or was recorded."""
    entries = [entry for provider in PROVIDERS for entry in provider(client, user)]
    return sorted(entries, key=Entry.sort_key, reverse=True)
