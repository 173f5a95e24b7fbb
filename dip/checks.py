"""Deploy checks of our own, run by `manage.py check --deploy` (so CI fails on them at WARNING level)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_two_factor_skip(app_configs, **kwargs):
    if getattr(settings, "DIP_DEMO_SKIP_2FA", False):
        return [
            Warning(
                "DIP_DEMO_SKIP_2FA is on: demo accounts can sign in without a second factor.",
                hint="Use it only for a local demonstration (make run); never with real data.",
                id="dip.W001",
            )
        ]
    return []
