"""manage.py bench_import: `import_records` throughput as a ratio to PostgreSQL COPY of the same rows (issue 11).

1. In a throw-away database, seed the synthetic data set at `--scale` and export it (spec/interchange.md).
2. In a second, empty throw-away database, run `manage.py import_records FILE` as a child process: records
   per second, and the child's peak resident memory (ru_maxrss), so the import is measured alone.
3. Copy the rows the import wrote, table by table, with `COPY ... TO STDOUT`, and time `COPY ... FROM STDIN`
   of the same rows into plain tables of the same shape (`CREATE TABLE ... (LIKE ...)`: no index, no
   constraint, no trigger), in the same database. The ratio is import rows/s ÷ COPY rows/s.
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dip.interchange import registry
from dip.interchange.exporter import export_file
from dip.management.commands.bench import _database
from reports import synthetic


class Command(BaseCommand):
    help = "Time import_records of a synthetic interchange file against PostgreSQL COPY of the same rows."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(synthetic.SCALES), default="county")
        parser.add_argument("--json", default="", help="also write the result to this file")

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "synthetic.jsonl"
            with _database("_bench_export", keep=False):
                synthetic.seed(options["scale"])
                counts = export_file(str(path))
            records = sum(counts.values())
            file_mb = path.stat().st_size / 1e6
            with _database("_bench_import", keep=False):
                name = connection.settings_dict["NAME"]
                seconds, peak_kb = self._import(path, name)
                copy_seconds, rows = self._copy()
        result = {
            "scale": options["scale"], "records": records, "file_mb": round(file_mb, 1),
            "import_s": round(seconds, 2), "import_records_per_s": round(records / seconds),
            "import_peak_rss_mb": round(peak_kb / 1024, 1), "copy_rows": rows, "copy_s": round(copy_seconds, 3),
            "copy_rows_per_s": round(rows / copy_seconds), "ratio": round((records / seconds) / (rows / copy_seconds), 3),
        }
        self.stdout.write(
            f"import_records: {records} records in {seconds:.1f} s = {result['import_records_per_s']}/s, peak RSS "
            f"{result['import_peak_rss_mb']} MB; COPY of the same {rows} rows into plain tables: {copy_seconds:.2f} s = "
            f"{result['copy_rows_per_s']}/s; ratio import ÷ COPY = {result['ratio']}"
        )
        if options["json"]:
            Path(options["json"]).parent.mkdir(parents=True, exist_ok=True)
            Path(options["json"]).write_text(json.dumps(result, indent=2) + "\n")

    def _import(self, path: Path, database: str) -> tuple[float, int]:
        env = dict(os.environ)
        url = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{url['USER']}@{url['HOST'] or '127.0.0.1'}:{url['PORT'] or 5432}/{database}"
        if url.get("PASSWORD"):
            env["PGPASSWORD"] = url["PASSWORD"]
        connection.close()  # the child writes; this process only reads afterwards
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "manage.py", "import_records", str(path)], env=env, capture_output=True,
                              text=True, check=False)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise CommandError(f"import_records failed: {done.stderr[-2000:]}")
        return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    def _copy(self) -> tuple[float, int]:
        """COPY out every table a record type writes, then time COPY in to plain copies of those tables."""
        tables = [cls.model._meta.db_table for cls in registry.ordered()]
        total, rows = 0.0, 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg2's own cursor: copy_expert
            for table in tables:
                buffer = io.StringIO()
                raw.copy_expert(f"COPY {table} TO STDOUT", buffer)
                count = buffer.getvalue().count("\n")
                if not count:
                    continue
                cursor.execute(f"CREATE TABLE bench_plain_{table} (LIKE {table})")
                buffer.seek(0)
                started = time.perf_counter()
                raw.copy_expert(f"COPY bench_plain_{table} FROM STDIN", buffer)
                total += time.perf_counter() - started
                rows += count
        return total, rows

