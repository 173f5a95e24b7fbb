"""Every template puts crispy's fields inside its own <form> (CSRF token, action, hidden fields): a form helper
that drew a second <form> would nest a form in a form, which browsers drop (the sign-in page did)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_form_helper_leaves_the_form_tag_to_the_template():
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if text.count("FormHelper()") > text.count("form_tag = False"):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"set helper.form_tag = False: {offenders}"


def test_every_crispy_template_has_its_own_form():
    missing = [str(p.relative_to(ROOT)) for p in sorted(ROOT.glob("templates/**/*.html"))
               if "{% crispy " in p.read_text() and "<form" not in p.read_text()]
    assert not missing, missing
