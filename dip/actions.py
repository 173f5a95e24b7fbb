"""Links that one app's page shows for another app's work (the client page's "Actions", the drug test's
"Next steps"). The page's app owns a Registry; the apps above it register providers in their hooks.py
(found by `autodiscover_modules("hooks")` in DipConfig.ready()), so the page names no app above it.

A provider takes (obj, user) and yields Action, in the order to show them, with a constant number of
queries (none or one) whatever the data. Providers run in `order`, then registration order.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[["object", "object"], Iterable["Action"]]


@dataclass(frozen=True)
class Action:
    label: str  # the link text
    url: str
    hidden: str = ""  # more link text for screen readers only (tells apart links with the same label)
    hint: str = ""  # shown after the link


class Registry:
    def __init__(self) -> None:
        self._providers: list[tuple[int, Provider]] = []

    def register(self, provider: Provider | None = None, *, order: int = 100):
        """Register a provider; usable as `@registry.register` or `@registry.register(order=...)`."""

        def add(function: Provider) -> Provider:
            if all(p is not function for _, p in self._providers):
                self._providers.append((order, function))
                self._providers.sort(key=lambda pair: pair[0])
            return function

        return add(provider) if provider is not None else add

    def actions_for(self, obj, user) -> list[Action]:
        return [action for _, provider in self._providers for action in provider(obj, user)]
