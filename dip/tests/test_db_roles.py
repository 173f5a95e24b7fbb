"""The application's database role cannot alter, truncate or bypass the append-only tables (issue 12, point 2).

The suite runs as the application does: migrations as the owner, everything else as `dip_app`.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from dip import db_roles
from dip.models import AuditEvent

# The tables and the trigger each one's append-only rule lives in.
PROTECTED = [("dip_auditevent", "dip_auditevent_append_only"), ("clients_consent", "clients_consent_append_only")]

BYPASSES = [
    "UPDATE {table} SET id = id",
    "DELETE FROM {table}",
    "TRUNCATE {table}",
    "TRUNCATE {table} CASCADE",
    "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "ALTER TABLE {table} DISABLE TRIGGER USER",
    "DROP TRIGGER {trigger} ON {table}",
    "ALTER TABLE {table} OWNER TO CURRENT_USER",
    "DROP TABLE {table}",
    "SET LOCAL session_replication_role = replica",
    "CREATE TABLE dip_app_probe (id int)",
]


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


def _row():
    return AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_type="probe", reason="original")


def _trigger_name(table: str, name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s", [table, f"%{name}%"])
        [(found,)] = cursor.fetchall()
    return found


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_suite_runs_as_the_application_role(db):
    assert _current_user() == "dip_app"


def test_the_owner_of_the_tables_is_not_the_application_role(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        owners = {row[0] for row in cursor.fetchall()}
    assert "dip_app" not in owners and owners


@pytest.mark.parametrize(("table", "trigger"), PROTECTED)
@pytest.mark.parametrize("template", BYPASSES)
def test_each_bypass_is_refused(db, table, trigger, template):
    _row()
    before = AuditEvent.objects.count()
    assert _refused(template.format(table=table, trigger=_trigger_name(table, trigger))), template
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("table", "trigger"), PROTECTED)
def test_the_application_role_holds_only_select_and_insert(db, table, trigger):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(p ORDER BY p) FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE',"
            "'REFERENCES','TRIGGER']) p WHERE has_table_privilege('dip_app', %s, p)", [table])
        assert cursor.fetchone()[0] == ["INSERT", "SELECT"]


def test_switching_the_trigger_off_by_setting_gains_nothing(db):
    event = _row()
    ignore = "{dip_auditevent:dip_auditevent_append_only,clients_consent:clients_consent_append_only}"
    for sql in ("UPDATE dip_auditevent SET reason = 'changed' WHERE id = %s", "DELETE FROM dip_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [ignore])
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.reason == "original"


def test_every_history_table_is_append_only_too(db):
    tables = db_roles.append_only_tables()
    assert "dip_auditevent" in tables and "clients_consent" in tables
    history = [t for t in tables if t not in ("dip_auditevent", "clients_consent")]
    assert history, "the row-history (pghistory) event tables are protected as well"
    for table in history:
        for verb in ("UPDATE {t} SET pgh_id = pgh_id", "DELETE FROM {t}", "TRUNCATE {t}"):
            assert _refused(verb.format(t=table)), (verb, table)


def test_the_application_still_reads_appends_and_changes_ordinary_tables(db, area):
    event = _row()
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    area.name = "Renamed"
    area.save()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE dip_app_scratch (id int)")  # the import's scratch table


def test_the_owner_is_used_only_inside_as_owner(db):
    with db_roles.as_owner():
        assert _current_user() != "dip_app"
    assert _current_user() == "dip_app"
