"""The client page's "Actions" list. Each app registers a provider in its `hooks.py` (found by
`autodiscover_modules("hooks")` in DipConfig.ready()), so the client page includes no other app's
templates and names no other app.

A provider takes (client, user) and returns an iterable of Action, in the order to show them. It
must use a constant number of queries (none or one) whatever the data:

    from clients import actions

    @actions.register(order=10)
    def drug_test_actions(client, user):
        if can_record_tests(user):
            yield actions.Action("Record a drug test", reverse("testing:drugtest-create", args=[client.pk]))

Orders: 10 drug tests, 20 required assessments, 30 assessments, 40 referrals.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[["object", "object"], Iterable["Action"]]
_PROVIDERS: list[tuple[int, Provider]] = []


@dataclass(frozen=True)
class Action:
    label: str  # the link text
    url: str
    hidden: str = ""  # more link text for screen readers only (tells apart links with the same label)
    hint: str = ""  # shown after the link


def register(provider: Provider | None = None, *, order: int = 100):
    """Register a provider; usable as `@register` or `@register(order=...)`."""

    def add(function: Provider) -> Provider:
        if all(p is not function for _, p in _PROVIDERS):
            _PROVIDERS.append((order, function))
            _PROVIDERS.sort(key=lambda pair: pair[0])
        return function

    return add(provider) if provider is not None else add


def actions_for(client, user) -> list[Action]:
    return [action for _, provider in _PROVIDERS for action in provider(client, user)]
