"""`make run` (scripts/dev.py): the address is printed only once the web server listens on it, and the demo
logins once (seed_demo no longer prints them before the server starts)."""

import contextlib
import importlib.util
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _dev():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


class _Alive:
    def poll(self):
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_waits_until_the_server_listens():
    dev = _dev()
    port = _free_port()
    listener = socket.socket()

    def listen_later():
        time.sleep(0.6)
        listener.bind(("127.0.0.1", port))
        listener.listen()

    thread = threading.Thread(target=listen_later)
    started = time.monotonic()
    thread.start()
    try:
        assert dev.wait_until_listening(f"127.0.0.1:{port}", _Alive(), timeout=10)
        assert time.monotonic() - started >= 0.5  # not before it listened
    finally:
        thread.join()
        listener.close()


def test_gives_up_when_the_server_process_ends():
    class Ended:
        def poll(self):
            return 1

    assert not _dev().wait_until_listening(f"127.0.0.1:{_free_port()}", Ended(), timeout=5)


def test_main_prints_the_address_after_listening_and_the_logins_once(monkeypatch, capsys):
    dev = _dev()
    events = []

    @contextlib.contextmanager
    def services():
        yield {}

    class Proc(_Alive):
        def __init__(self, args, env=None):
            events.append(("start", args[2] if "manage.py" in args[1] else args[4]))

        def send_signal(self, sig):
            pass

        def wait(self, timeout=None):
            return 0

    def run(args, env=None, check=False):
        events.append(("run", " ".join(args[2:])))
        if "--print-logins" in args:
            sys.stdout.write("Demo logins (password for all: x):\n")
        return subprocess.CompletedProcess(args, 0)

    def listening(address, server, timeout=0):
        events.append(("listening", address))
        return True

    def stop(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(dev, "embedded_services", services)
    monkeypatch.setattr(dev.subprocess, "Popen", Proc)
    monkeypatch.setattr(dev.subprocess, "run", run)
    monkeypatch.setattr(dev, "wait_until_listening", listening)
    monkeypatch.setattr(dev.time, "sleep", stop)
    dev.main()
    out = capsys.readouterr().out
    assert ("run", "seed_demo --no-logins") in events
    assert [e for e in events if e[0] == "run" and "--print-logins" in e[1]] == [("run", "seed_demo --print-logins")]
    assert events.index(("listening", dev.ADDRESS)) < events.index(("run", "seed_demo --print-logins"))
    assert out.count("Demo logins") == 1 and f"running at http://{dev.ADDRESS}/" in out
    assert out.index("running at") < out.index("Demo logins")


def test_seed_demo_can_leave_the_logins_out(db):
    from io import StringIO

    from django.core.management import call_command

    quiet, loud = StringIO(), StringIO()
    call_command("seed_demo", "--no-logins", stdout=quiet)
    call_command("seed_demo", "--print-logins", stdout=loud)
    assert "Demo logins" not in quiet.getvalue() and "Demo logins" in loud.getvalue()
