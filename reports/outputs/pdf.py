"""The PDF pack (WeasyPrint): headlines against last month and a year earlier, 12-month SVG charts with their
data tables, every figure by section with its data-quality notes, and the methodology from the definitions."""

import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.definitions import BY_ID
from reports.figures import Row
from reports.outputs import charts
from reports.outputs.presentation import Pack

STYLESHEET = "css/print_reports.css"
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # one INFO line per subset table is noise


def weasyprint_or_none():
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        return None
    return weasyprint


def quality_note(row: Row, qualified: list[str]) -> str:
    metric = BY_ID[row.metric]
    if metric.kind == "rate":
        figure = f"{row.value or '–'} ({row.numerator} of {row.denominator})"
    else:
        figure = row.value
    return f"Data quality for {', '.join(qualified)}: {row.metric} {metric.title.lower()}: {figure}."


def context(pack: Pack, area_name: str) -> dict:
    sections = []
    for _letter, title, rows in pack.sections:
        notes, seen = [], set()
        for row in rows:
            if row.breakdown or not BY_ID[row.metric].qualified_by:
                continue
            for q in pack.qualifiers(row.metric):
                if q.metric not in seen:
                    seen.add(q.metric)
                    qualified = [m.id for m in BY_ID.values() if q.metric in m.qualified_by]
                    notes.append(quality_note(q, qualified))
        sections.append((title, rows, notes))
    rendered = []
    for chart in pack.charts:
        chart.table = [(month, [s.points[i].shown for s in chart.series]) for i, month in enumerate(chart.months)]
        rendered.append((chart, charts.render(chart)))
    return {"pack": pack, "area_name": area_name, "sections": sections, "charts": rendered}


def render(pack: Pack, area_name: str) -> bytes | None:
    """The pack as PDF bytes; None where WeasyPrint's system libraries are missing."""
    weasyprint = weasyprint_or_none()
    if weasyprint is None:
        return None
    html = render_to_string("reports/pack_pdf.html", context(pack, area_name))
    stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
