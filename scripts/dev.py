"""`make run`: embedded services (unless configured), migrate, demo data, then the web server,
a Celery worker and Celery beat together. Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from services import VAR, embedded_services  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ADDRESS = os.environ.get("DIP_ADDRESS", "127.0.0.1:8000")


def main() -> int:
    with embedded_services() as env:
        manage = [PY, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True)
        VAR.mkdir(exist_ok=True)
        procs = [
            subprocess.Popen([*manage, "runserver", ADDRESS, "--noreload"], env=env),
            subprocess.Popen([PY, "-m", "celery", "-A", "dip", "worker", "--loglevel=INFO", "--concurrency=1"], env=env),
            subprocess.Popen(
                [PY, "-m", "celery", "-A", "dip", "beat", "--loglevel=INFO",
                 "--schedule", str(VAR / "celerybeat-schedule")], env=env,
            ),
        ]
        time.sleep(2)
        print(f"\nDIP case management is running at http://{ADDRESS}/  (Ctrl-C stops everything)")
        subprocess.run([*manage, "seed_demo", "--print-logins"], env=env, check=False)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
