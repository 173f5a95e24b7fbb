"""Two database roles (issue 12, point 2): migrations run as the owner, the application as `dip_app`.

`dip_app` may read and write the ordinary tables, but on the audit trail (dip_auditevent), consent
decisions and the row-history event tables it has only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE,
and it owns nothing, so it cannot ALTER a table, drop or disable a trigger, and the append-only triggers'
`pgtrigger.ignore` setting gains it nothing (the privilege check comes before any trigger).
`SET session_replication_role` needs a superuser.

How the application becomes `dip_app`: every new connection runs `SET ROLE dip_app` (connection_created),
except while `as_owner()` is active: the `migrate` and `flush` commands (dip/management/commands) run
inside it, and the grants below are applied after every migrate (post_migrate), so a new table is covered.
In development, tests and CI the login is the owner and the switch is `SET ROLE`; a session can leave it
with `RESET ROLE`, so in production the application should log in as `dip_app` itself (README, "Database
roles"), and the owner's login is used only to migrate.
"""

import contextlib
import threading

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import NO_DB_ALIAS

_state = threading.local()


def app_role() -> str:
    return getattr(settings, "DIP_DB_APP_ROLE", "")


def append_only_tables() -> list[str]:
    """The tables the application may only read and append to."""
    import pghistory.models

    labels = ["dip.AuditEvent", "clients.Consent"]
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    tables += [
        model._meta.db_table for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy and model._meta.managed
    ]
    return sorted(set(tables))


def _owner_mode() -> bool:
    return getattr(_state, "owner", 0) > 0


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def switch_to_app_role(sender, connection, **kwargs) -> None:
    """connection_created: a new connection acts as `dip_app` (once the role exists: before the first
    migrate there is nothing to protect)."""
    role = app_role()
    if not role or connection.vendor != "postgresql" or connection.alias == NO_DB_ALIAS or _owner_mode():
        return
    quoted = _quote(connection, role)
    with connection.cursor() as cursor:  # one statement: connecting costs no extra round trip
        cursor.execute(f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(role)}) "
                       f"THEN SET ROLE {quoted}; END IF; END $$")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@contextlib.contextmanager
def as_owner(using: str = "default"):
    """Act as the login role (the owner) for migrations, flushes and test set-up; back to `dip_app` after."""
    connection = connections[using]
    _state.owner = getattr(_state, "owner", 0) + 1
    try:
        if connection.connection is not None and app_role():
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
        yield
    finally:
        _state.owner -= 1
        if not _owner_mode() and connection.connection is not None:
            switch_to_app_role(None, connection)


def grant(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate: create `dip_app` if missing and give it exactly the rights it needs (idempotent)."""
    role = app_role()
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    quoted = _quote(connection, role)
    with as_owner(using), connection.cursor() as cursor:
        # Another database on the same server may create the role at the same moment: either one wins.
        cursor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(role)}) THEN CREATE ROLE {quoted} LOGIN;"
            " END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
        # An owner that is not a superuser needs membership to SET ROLE; a superuser has it already.
        cursor.execute(f"DO $$ BEGIN GRANT {quoted} TO CURRENT_USER; EXCEPTION WHEN others THEN NULL; END $$")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}")
        for table in append_only_tables():
            cursor.execute(f"REVOKE UPDATE, DELETE ON {_quote(connection, table)} FROM {quoted}")
