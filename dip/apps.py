from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DipConfig(AppConfig):
    name = "dip"
    verbose_name = "DIP staff and audit"

    def ready(self) -> None:
        from dip import checks, signals  # noqa: F401  (deploy checks; sign-in audit)
        from dip.interchange import registry

        # The one registry mechanism: each app's hooks.py registers its timeline entries, work-queue
        # sections and client-page actions (and signal handlers) at import; interchange.py its record
        # types. Every model is loaded before any ready() runs, so importing the apps' modules is safe.
        autodiscover_modules("hooks")
        registry.autodiscover()
