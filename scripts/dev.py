"""`make run`: embedded services (unless configured), migrate, demo data, then the web server,
a Celery worker and Celery beat together. Ctrl-C stops them all."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from services import VAR, embedded_services  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ADDRESS = os.environ.get("DIP_ADDRESS", "127.0.0.1:8000")
STARTUP_SECONDS = 120


def wait_until_listening(address: str, server: subprocess.Popen, timeout: float = STARTUP_SECONDS) -> bool:
    """True once something accepts connections at host:port; False if the server process ends or time runs out."""
    host, port = address.rsplit(":", 1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def main() -> int:
    with embedded_services() as env:
        manage = [PY, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--no-logins"], env=env, check=True)  # printed once, below
        VAR.mkdir(exist_ok=True)
        procs = [
            subprocess.Popen([*manage, "runserver", ADDRESS, "--noreload"], env=env),
            subprocess.Popen([PY, "-m", "celery", "-A", "dip", "worker", "--loglevel=INFO", "--concurrency=1"], env=env),
            subprocess.Popen(
                [PY, "-m", "celery", "-A", "dip", "beat", "--loglevel=INFO",
                 "--schedule", str(VAR / "celerybeat-schedule")], env=env,
            ),
        ]
        # The address only once the server answers on it (a fixed sleep printed it before it listened).
        if wait_until_listening(ADDRESS, procs[0]):
            print(f"\nDIP case management is running at http://{ADDRESS}/  (Ctrl-C stops everything)", flush=True)
            subprocess.run([*manage, "seed_demo", "--print-logins"], env=env, check=False)
        else:
            print(f"\nThe web server did not start listening at {ADDRESS}: see its messages above.", flush=True)
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
