from django.apps import AppConfig


class DipConfig(AppConfig):
    name = "dip"
    verbose_name = "DIP staff and audit"

    def ready(self) -> None:
        from dip import checks, signals  # noqa: F401  (deploy checks; sign-in audit)
