from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class DipConfig(AppConfig):
    name = "dip"
    verbose_name = "DIP staff and audit"

    def ready(self) -> None:
        from dip import checks, db_roles, signals  # noqa: F401  (deploy checks; sign-in audit)
        from dip.interchange import registry

        # The application acts as the database role `dip_app`; migrations as the owner (dip/db_roles.py).
        connection_created.connect(db_roles.switch_to_app_role, dispatch_uid="dip_app_role")
        post_migrate.connect(db_roles.grant, sender=self, dispatch_uid="dip_app_role_grants")

        # The one registry mechanism: each app's hooks.py registers its timeline entries, work-queue
        # sections and client-page actions (and signal handlers) at import; interchange.py its record
        # types. Every model is loaded before any ready() runs, so importing the apps' modules is safe.
        autodiscover_modules("hooks")
        registry.autodiscover()
