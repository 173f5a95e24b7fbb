"""AC-4: views reach person-level models only through visible_to(user) (reference/access-model.md)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from clients.models import Client


def _person_level_models() -> set[str]:
    names = {"Client"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is Client and field.many_to_one:
                names.add(model.__name__)
    return names


def test_views_use_visible_to_for_person_level_models():
    pattern = re.compile(r"\b(" + "|".join(sorted(_person_level_models())) + r")\.objects\.(?!visible_to\b)(\w+)")
    offenders = []
    root = Path(settings.BASE_DIR)
    for path in [*root.glob("*/views*.py"), *root.glob("*/views/*.py")]:  # modules and view packages
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not offenders, "person-level querysets in views must start from visible_to(user):\n" + "\n".join(offenders)


def test_the_check_itself_catches_a_direct_lookup():
    pattern = re.compile(r"\b(Client)\.objects\.(?!visible_to\b)(\w+)")
    assert pattern.search("client = Client.objects.get(pk=pk)")
    assert not pattern.search("Client.objects.visible_to(request.user).get(pk=pk)")
