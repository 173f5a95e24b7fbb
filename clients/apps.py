import importlib
import pkgutil

from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"

    def ready(self) -> None:
        # Each concern registers its timeline entries and work-queue sections in `hooks*.py`.
        for info in pkgutil.iter_modules([self.path]):
            if info.name == "hooks" or info.name.startswith("hooks_"):
                importlib.import_module(f"clients.{info.name}")
