"""Shared fixtures: personas for every role, and a signed-in test client (password + TOTP done)."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here

# Browser fixtures (Debian Chromium, CSP watcher on every page) for browser tests in any app.
from tests.browser.fixtures import browser_type_launch_args, csp_watcher, mark_browser_items, page  # noqa: E402, F401


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional or live-server test ends by flushing the seeded roles and trigger offences (its
    fixtures' teardown): put them back once that has happened, so later tests never depend on order."""
    result = yield
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())) or (
        marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))
    )
    if transactional and nextitem is not None:  # after the last test the test database is gone
        from pytest_django.plugin import blocking_manager_key

        from tests.seed import reseed_migration_data

        with item.config.stash[blocking_manager_key].unblock():
            reseed_migration_data()
    return result


def pytest_collection_modifyitems(config, items):
    mark_browser_items(items)


def sign_in(client, user):
    """Sign `user` in on a Django test client as if password and TOTP had both been given."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def area(db):
    from dip.tests.factories import AreaFactory

    return AreaFactory(name="Dorset")


@pytest.fixture
def other_area(db):
    from dip.tests.factories import AreaFactory

    return AreaFactory(name="West Yorkshire")


@pytest.fixture
def make_user(db, area):
    """make_user(role, kind=team kind, area=...) -> a user in a new team of that kind."""
    from dip.models import Team
    from dip.tests.factories import TeamFactory, UserFactory

    teams = {}

    def _make(role, kind=Team.Kind.CUSTODY, in_area=None, team=None):
        in_area = in_area or area
        if team is None:
            team = teams.get((kind, in_area.pk)) or TeamFactory(kind=kind, area=in_area)
            teams[(kind, in_area.pk)] = team
        return UserFactory(role=role, team=team)

    return _make


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as user with two factors."""

    def _sign_in(user):
        return sign_in(client, user)

    return _sign_in
