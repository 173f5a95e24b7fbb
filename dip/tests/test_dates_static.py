"""One GOV.UK date format everywhere (dip/dates.py): "1 December 2026", and "1 Dec 2026" in dense tables.

Templates show dates and times only through the govuk_date / govuk_datetime / govuk_time filters; Python never
writes a zero-padded day ("01 December 2026").
"""

import datetime
import re
from pathlib import Path

import time_machine
from django.conf import settings
from django.template import Context, Template

from dip import dates

ROOT = Path(settings.BASE_DIR)
OTHER_FORMAT = re.compile(r"\|\s*(date|time|naturalday|naturaltime)\b|{%\s*now\b")
PADDED_DAY = re.compile(r"%d %[bB]")


def _sources(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.glob(pattern) if ".venv" not in p.parts and "migrations" not in p.parts)


def test_no_template_uses_another_date_format():
    templates = _sources("**/templates/**/*.html")
    offenders = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:120]}" for p in templates
                 for n, line in enumerate(p.read_text().splitlines(), 1) if OTHER_FORMAT.search(line)]
    assert len(templates) > 50, "templates not found"
    assert not offenders, "use |govuk_date, |govuk_datetime or |govuk_time (dip/dates.py):\n" + "\n".join(offenders)


def test_no_python_writes_a_zero_padded_day():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _sources("**/*.py") if "tests" not in p.parts
                 for n, line in enumerate(p.read_text().splitlines(), 1) if PADDED_DAY.search(line)]
    assert not offenders, offenders


def test_the_formats():
    day = datetime.date(2026, 12, 1)
    assert (dates.date(day), dates.date(day, "short"), dates.date(day, "weekday")) == (
        "1 December 2026", "1 Dec 2026", "Tuesday 1 December 2026")
    # An aware time is shown in Europe/London: 23:30 UTC on 30 June is 00:30 on 1 July (BST).
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert dates.date_time(late) == "1 July 2026 00:30" and dates.date_time(late, "short") == "1 Jul 2026 00:30"
    assert dates.date(None) == "" and dates.time(None) == ""


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_filters_are_builtins():
    rendered = Template('{{ d|govuk_date }}|{{ d|govuk_date:"short" }}|{{ t|govuk_datetime }}|{{ t|govuk_time }}').render(
        Context({"d": datetime.date(2026, 12, 1), "t": datetime.datetime(2026, 12, 1, 9, 5, tzinfo=datetime.UTC)}))
    assert rendered == "1 December 2026|1 Dec 2026|1 December 2026 09:05|09:05"
