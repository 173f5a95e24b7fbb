"""PDF versions of print pages, rendered by WeasyPrint from the same templates (custody notices, DRR breach
packs and progress reports). One-page documents render in well under a second, so they are made in the
request; long reports belong in Celery (reference/ecosystem.md §3.3). WeasyPrint needs Pango from the
system: where it is missing the view answers 503 with a pointer to the print page instead of a 500.
"""

import logging

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per step and page is noise


def weasyprint_or_none():
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        return None
    return weasyprint


def render_pdf(template: str, context: dict, *, stylesheet: str) -> bytes:
    weasyprint = weasyprint_or_none()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint or its system libraries (Pango) are not installed")
    html = render_to_string(template, context)
    css = weasyprint.CSS(filename=finders.find(stylesheet))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1")


def pdf_response(template: str, context: dict, filename: str, *, stylesheet: str) -> HttpResponse:
    if weasyprint_or_none() is None:
        return HttpResponse(
            "PDF is not available on this server. Use the print page and your browser's print to PDF.",
            status=503, content_type="text/plain",
        )
    response = HttpResponse(render_pdf(template, context, stylesheet=stylesheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
