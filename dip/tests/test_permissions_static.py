"""Static checks: who-may-do-what is decided in dip/permissions.py only.

No template compares a role label (or reads `user.role` to decide anything); views, hooks, the navigation
and the client-page actions ask a named check instead of reading roles or team kinds; every `can.<name>`
a template reads is a check that exists (a misspelt one would be silently false).
"""

import re
from pathlib import Path

from django.conf import settings

from dip import permissions, roles

ROOT = Path(settings.BASE_DIR)
TAG = re.compile(r"{%.*?%}", re.DOTALL)
# `user.role` may be shown ("Signed in as ..., Team manager"); it must not be compared with anything.
COMPARES_ROLE = re.compile(r"\brole\s*(==|!=|\bin\b|\bnot in\b)|(==|!=|\bin\b)\s*\S*\brole\b|\broles\b")
ROLE_LABELS = [*roles.ALL, *(name.lower() for name in roles.ALL)]


def _templates() -> list[Path]:
    return sorted(p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts and "node_modules" not in p.parts)


def test_no_template_compares_a_role_label():
    offenders = []
    for path in _templates():
        for tag in TAG.findall(path.read_text()):
            if COMPARES_ROLE.search(tag) or any(label in tag for label in ROLE_LABELS):
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
    assert _templates(), "no templates found"
    assert not offenders, offenders


def test_templates_read_only_checks_that_exist():
    used = {name for path in _templates() for name in re.findall(r"\bcan\.(\w+)", path.read_text())}
    assert used, "templates should ask `can.<check>`"
    assert used <= set(permissions.USER_CHECKS), sorted(used - set(permissions.USER_CHECKS))


# Where a decision about the user is made: views, hooks (registries), the navigation, client-page actions.
DECIDERS = ["*/access.py", "*/views.py", "*/views_*.py", "*/views/*.py", "*/hooks.py", "*/actions.py",
            "dip/context_processors.py"]
READS_ROLE = re.compile(r"\broles\.|\.role\b|\bTeam\.Kind\b|\.kind\s*(==|!=|in\b|not in\b)"
                        r"|(?<!permissions)\.can_change_case_records\b|(?<!permissions)\.sees_person_records\b"
                        r"|\bimport\s+roles\b")


def test_views_hooks_and_navigation_ask_named_checks():
    offenders = []
    paths = sorted({p for pattern in DECIDERS for p in ROOT.glob(pattern) if ".venv" not in p.parts})
    assert any(p.name == "hooks.py" for p in paths) and any("views" in p.name for p in paths)
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if READS_ROLE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_no_hook_imports_a_view():
    offenders = [
        str(path.relative_to(ROOT)) for path in ROOT.glob("*/hooks.py")
        if re.search(r"^\s*(from\s+\w+(\.\w+)*\.views\b|from\s+\w+\s+import\s+views\b)", path.read_text(), re.MULTILINE)
    ]
    assert not offenders, offenders
