"""Sign-in with two-factor authentication, the home page for each role, and health."""

import base64
import time

import redis
import segno
from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dip import audit, forms, permissions, work_queue
from dip.models import AuditEvent, Heartbeat


class LoginView(auth_views.LoginView):
    template_name = "dip/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


def otp_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: enrol an authenticator app, proved by one code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("dip:otp-verify")
    device, _ = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "Authenticator app"})
    form = forms.TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _verified(request, device)
        return redirect(settings.LOGIN_REDIRECT_URL)
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr_svg": qr_svg, "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))}
    if form.errors:
        _otp_failed(request)
    return render(request, "dip/otp_setup.html", context, status=400 if form.errors else 200)


def otp_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("dip:otp-setup")
    form = forms.TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        _verified(request, device)
        return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    if form.errors:
        _otp_failed(request)
    return render(request, "dip/otp_verify.html", {"form": form}, status=400 if form.errors else 200)


def _otp_failed(request: HttpRequest) -> None:
    audit.record(request, AuditEvent.Action.LOGIN_FAILED, detail={"factor": "totp"})


def _safe_next(request: HttpRequest) -> str:
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return ""


def _verified(request: HttpRequest, device: TOTPDevice) -> None:
    request.session.cycle_key()  # a new session key after the second factor (ASVS 3.2.1)
    otp_login(request, device)


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """Sign out on POST (CSRF-protected); a GET, e.g. a bookmarked link, asks first."""
    if request.method == "POST":
        auth_logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "dip/logout_confirm.html")


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in form is never used: every sign-in goes through ours (lockout and 2FA)."""
    next_url = _safe_next(request)
    return redirect(reverse(settings.LOGIN_URL) + (f"?{urlencode({'next': next_url})}" if next_url else ""))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: the work queue where there is one."""
    user = request.user
    if permissions.can_administer(user):
        return render(request, "dip/home.html", {"message": "Manage staff, teams and reference data in administration."})
    if not permissions.can_see_work_queue(user):
        if permissions.sees_person_records(user):  # the data protection officer
            return redirect("clients:client-search")
        if permissions.can_view_reports(user):
            return render(request, "dip/home.html", {"message": "Reports for your area are under Reports.",
                                                     "link": ("Go to reports", "reports:index")})
        return render(request, "dip/home.html", {"message": "Nothing here for your account yet: ask your administrator."})
    # Always the work queue, even when nothing is in it: the navigation's "Work queue" leads here for every
    # caseworker (a redirect elsewhere made it look missing to probation and treatment workers).
    sections = work_queue.sections_for(request.user)
    if shown := work_queue.client_ids(sections):  # everyone named reaches their record's access page
        audit.record(request, AuditEvent.Action.VIEW, "dip.work-queue", client_ids=shown)
    return render(request, "dip/work_queue.html", {"sections": sections})


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    """An authenticated page that does nothing: the benchmark baseline."""
    return HttpResponse("hello", content_type="text/plain")


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Database, Redis and worker heartbeat, reported separately. Only a database failure is `down`."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure is a failed check
        checks["database"] = "unavailable"
    checks["redis"] = _redis_status()
    checks["worker"] = _worker_status() if checks["database"] == "ok" else "unknown"
    if checks["database"] != "ok":
        status, code = "down", 503
    elif all(v == "ok" for v in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _redis_status() -> str:
    url = settings.REDIS_URL
    if not url:
        return "not configured"
    try:
        started = time.monotonic()
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
        return "ok" if time.monotonic() - started < 1 else "slow"
    except Exception:  # noqa: BLE001
        return "unavailable"


def _worker_status() -> str:
    beat = Heartbeat.objects.filter(pk=1).values_list("beat_at", flat=True).first()
    if beat is None:
        return "no heartbeat yet"
    return "ok" if (timezone.now() - beat).total_seconds() < 180 else "stale"
