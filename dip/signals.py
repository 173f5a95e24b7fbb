"""Sign-in events are audited from Django's auth signals (a decoupled concern, so signals are fine)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dip import audit
from dip.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(request, AuditEvent.Action.LOGIN, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, AuditEvent.Action.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username only: never the password. Log injection is harmless in a DB column.
    audit.record(request, AuditEvent.Action.LOGIN_FAILED, detail={"username": str(credentials.get("username", ""))[:150]})
