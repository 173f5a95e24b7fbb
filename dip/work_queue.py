"""The home-page work queue. Each app registers sections; the home view renders them in order.

A section provider takes the user and returns a Section or None (nothing for this user). It must
use a constant number of queries whatever the number of items. Register it in the app's hooks.py
(imported by `autodiscover_modules("hooks")` in DipConfig.ready()):

    from dip import work_queue
    work_queue.register(my_section, order=20)

Orders: 10 drug tests awaiting a decision, 20 required assessments due and overdue, 30 failures to
notify, 40 disputed tests awaiting the laboratory, 50 draft assessments, 60 referrals.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    label: str  # who or what, e.g. "Mia Matrix, tested 09:40"
    url: str  # the one action that clears it
    action: str  # the link text, e.g. "Record decision"
    due: datetime.date | datetime.datetime | None = None
    overdue: bool = False
    hint: str = ""
    client_id: int | None = None  # the person the item names: the home page audits everyone it shows


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = "Nothing to do."


_PROVIDERS: list[tuple[int, Callable]] = []


def register(provider: Callable, order: int = 100) -> Callable:
    if all(p is not provider for _, p in _PROVIDERS):
        _PROVIDERS.append((order, provider))
        _PROVIDERS.sort(key=lambda pair: pair[0])
    return provider


def client_ids(sections: list[Section]) -> list[int]:
    return sorted({item.client_id for section in sections for item in section.items if item.client_id is not None})


def sections_for(user) -> list[Section]:
    return [section for _, provider in _PROVIDERS if (section := provider(user)) is not None]
