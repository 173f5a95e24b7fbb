"""Security headers, CSP, CSRF, cookies and production settings (reliability.md WEB-1, WEB-5, SESS-1, CFG-1, CFG-3)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from dip import roles
from dip.tests.matrix import collect_routes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def csp(response) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in response["Content-Security-Policy"].split("; ")}


@pytest.mark.parametrize("path", ["/login/", "/hello/", "/"])
def test_every_page_sends_the_security_headers(path, make_user):
    http = sign_in(Client(), make_user(roles.CUSTODY_WORKER)) if path != "/login/" else Client()
    response = http.get(path, follow=True)
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert all(source == "'self'" or source.startswith("'nonce-") for source in policy["script-src"].split())
    assert "unsafe" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Request-ID"]


def test_inline_scripts_carry_the_response_nonce(client):
    response = client.get("/login/")
    nonce = csp(response)["script-src"].split("'nonce-")[1].rstrip("'")
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') + html.count("<script type=\"module\" src=")


def test_hsts_on_https(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_http_only_and_same_site(make_user, client):
    user = make_user(roles.CUSTODY_WORKER)
    client.get("/login/")
    response = client.post("/login/", {"username": user.username, "password": "correct horse battery staple"})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax" and session["path"] == "/" and not session["domain"]
    assert client.cookies["csrftoken"]["httponly"]


def test_sign_in_without_a_csrf_token_is_refused(make_user):
    user = make_user(roles.CUSTODY_WORKER)
    http = Client(enforce_csrf_checks=True)
    response = http.post("/login/", {"username": user.username, "password": "correct horse battery staple"})
    assert response.status_code == 403
    assert "_auth_user_id" not in http.session


def test_every_state_changing_url_needs_a_csrf_token(make_user):
    """WEB-1 over the whole permission matrix: a POST without the token is refused for every URL."""
    from dip.tests.matrix import build_world

    world = build_world()
    posts = [route for route in collect_routes() if route.post]
    assert posts
    for route in posts:
        role = sorted(route.post)[0]
        http = sign_in(Client(enforce_csrf_checks=True), world.users[role])
        url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None)
        response = http.post(url, route.data(world) if route.data else {})
        assert response.status_code == 403, f"{route.name}: POST without a CSRF token answered {response.status_code}"


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DIP_"))}
    env.update(DJANGO_SECRET_KEY="settings-test-" + "k3y" * 20, DJANGO_ALLOWED_HOSTS="dip.example.org")
    env.update(extra)
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_are_secure_by_default():
    names = [
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_HTTPONLY", "ALLOWED_HOSTS",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_python(code, production_env(DJANGO_SETTINGS_MODULE="dip.settings"))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid", "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SESSION_COOKIE_HTTPONLY": True,
        "ALLOWED_HOSTS": ["dip.example.org"],
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env(DJANGO_SETTINGS_MODULE="dip.settings")
    del env["DJANGO_SECRET_KEY"]
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_migration_check_runs_on_a_bare_checkout_without_secrets():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_deploy_checklist_passes_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
