from django.apps import AppConfig


class ThroughcareConfig(AppConfig):
    """Prison release pick-up (community drug workers) and after-care (treatment providers): domain §3.5."""

    name = "throughcare"
    verbose_name = "Through-care and after-care"
