"""Sign-in lockout by address, only when many different accounts fail from it (issue 12, point 7).

django-axes locks an account after AXES_FAILURE_LIMIT failures (AXES_LOCKOUT_PARAMETERS = ["username"]),
wherever they come from. An address is locked only when DIP_LOCKOUT_ADDRESS_ACCOUNTS different accounts
have failed from it within the cool-off: a custody suite's staff share one address behind NAT, and one
colleague's typos must not lock the others out, while guessing across many usernames still is stopped.
Both refusals come before any password is hashed (this backend sits before ModelBackend).
"""

from axes.helpers import get_client_ip_address, get_cool_off, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def accounts_failed_from(ip_address: str) -> int:
    since = timezone.now() - get_cool_off()
    return (AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since, failures_since_start__gt=0)
            .values("username").distinct().count())


class AddressLockoutBackend:
    """Never signs anyone in, so it has no get_user (sessions, and force_login, use ModelBackend)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if ip_address and accounts_failed_from(ip_address) >= settings.DIP_LOCKOUT_ADDRESS_ACCOUNTS:
            # The flags AxesMiddleware turns into the lockout page (429), as for a locked account.
            request.axes_locked_out = True
            request.axes_credentials = get_credentials(username=username, password=password, **kwargs)
            raise PermissionDenied  # stops authenticate(): no later backend hashes the password
        return None
