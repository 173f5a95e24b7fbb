"""Request id, session limits, mandatory two-factor authentication and no-store caching."""

import contextvars
import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# The caller's address, so that a service (which takes no request) still audits where a change came from.
_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def current_client_ip() -> str | None:
    return _client_ip.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Give every request an id, echoed in X-Request-ID and written on audit events and log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = str(uuid.uuid4())
        token = _request_id.set(request.id)
        ip_token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            response = self.get_response(request)
        finally:
            _client_ip.reset(ip_token)
            _request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class SessionLimitsMiddleware:
    """End a session after 30 minutes idle or 12 hours in all (ASVS 3.3.2 level 2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("dip_started", now)
            last = request.session.get("dip_last_seen", now)
            if now - last > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1")
            if now - last >= 60:  # write the session at most once a minute
                request.session["dip_last_seen"] = now
            request.session.setdefault("dip_last_seen", now)
        return self.get_response(request)


TWO_FACTOR_OPEN = {"dip:otp-verify", "dip:otp-setup", "dip:logout", "dip:health"}


class TwoFactorRequiredMiddleware:
    """A password alone reaches nothing but the two-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if settings.DIP_DEMO_SKIP_2FA and user.is_demo:
            return None
        match = request.resolver_match
        if match and match.view_name in TWO_FACTOR_OPEN:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return redirect("dip:otp-verify")
        return redirect("dip:otp-setup")


class NoStoreMiddleware:
    """Pages about people must not sit in a browser or proxy cache (reliability DATA-4)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store, private"
        return response

