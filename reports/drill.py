"""Backup and restore drill (reliability.md, DATA): dump the database, restore the dump into a new database,
and prove the copy is the same where it matters: every table's row count, and the report's data file
computed from each, byte for byte. A backup that has never been restored is not a backup.

PostgreSQL's own tools do the work (pg_dump's custom format, pg_restore); the client tools must be of
the server's major version or newer, so the embedded server's bundled tools are preferred when present.
"""

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from django.db import connection
from psycopg2 import sql

from reports import figures, metrics
from reports.periods import Period


@dataclass
class DrillResult:
    source: str
    restored: str
    dump_bytes: int
    tables: int
    rows: int
    data_file_sha256: str
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def _tool(name: str, server_major: int) -> str:
    """The client tool of the server's major version: the embedded server's bundled one, else PATH's."""
    candidates = []
    with contextlib.suppress(ImportError):
        import pgserver._commands as bundled

        candidates.append(str(Path(bundled.POSTGRES_BIN_PATH) / name))
    if found := shutil.which(name):
        candidates.append(found)
    for path in candidates:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
        major = re.search(r"(\d+)\.", version)
        if major and int(major.group(1)) >= server_major:
            return path
    raise RuntimeError(f"no {name} of PostgreSQL {server_major} or newer (looked at {candidates or 'nothing'})")


def _libpq(settings: dict) -> tuple[list[str], dict]:
    """Command-line connection options and environment for PostgreSQL's tools (no password on the command line)."""
    args = []
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    return args, env


def _admin(settings: dict):
    """An autocommit connection to the maintenance database, to create and drop the restored copy."""
    conn = psycopg2.connect(dbname="postgres", host=settings.get("HOST") or None, port=settings.get("PORT") or None,
                            user=settings.get("USER") or None, password=settings.get("PASSWORD") or None)
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def _connected_to(name: str):
    """The default connection pointed at another database of the same server, for the length of the block."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string(cursor.connection))
            counts[table] = cursor.fetchone()[0]
    return counts


def _data_file(period: Period, area_ref: str, as_at, published: bool) -> bytes:
    from dip.models import Area

    area_ids = None if area_ref == "ALL" else [Area.objects.get(ref=area_ref).pk]
    return figures.data_file(area_ref, metrics.compute(period, area_ids, as_at), published=published)


def _snapshot(period, area_ref, as_at, published) -> tuple[dict[str, int], bytes]:
    return _row_counts(), _data_file(period, area_ref, as_at, published)


def run_drill(*, period: Period, area_ref: str, as_at, published: bool = False, keep: bool = False) -> DrillResult:
    """Dump, restore into `<name>_drill`, compare; the copy is dropped afterwards unless `keep`."""
    settings = connection.settings_dict
    source = settings["NAME"]
    restored = f"{source}_drill"[:63]
    server_major = connection.pg_version // 10000
    args, env = _libpq(settings)
    before_counts, before_file = _snapshot(period, area_ref, as_at, published)
    admin = _admin(settings)
    try:
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "backup.dump"
            subprocess.run([_tool("pg_dump", server_major), *args, "--format=custom", "--file", str(dump), source],
                           env=env, check=True, capture_output=True)
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored)))
                cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(restored)))
            subprocess.run([_tool("pg_restore", server_major), *args, "--exit-on-error", "--dbname", restored, str(dump)],
                           env=env, check=True, capture_output=True)
            dump_bytes = dump.stat().st_size
        with _connected_to(restored):
            after_counts, after_file = _snapshot(period, area_ref, as_at, published)
    finally:
        if not keep:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored)))
        admin.close()
    differences = [
        f"table {table}: {before_counts.get(table)} rows before, {after_counts.get(table)} restored"
        for table in sorted(set(before_counts) | set(after_counts)) if before_counts.get(table) != after_counts.get(table)
    ]
    if before_file != after_file:
        differences.append(f"the {area_ref} data file for {period} differs")
    return DrillResult(source, restored, dump_bytes, len(before_counts), sum(before_counts.values()),
                       hashlib.sha256(before_file).hexdigest(), differences)
