"""PDF versions of the breach pack and the progress report, rendered by WeasyPrint from the same templates as
the print pages, as the custody notices are. Where WeasyPrint's system libraries are missing the view
answers 503 with a pointer to the print page instead of failing with a 500."""

import logging

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

STYLESHEET = "css/print_drr.css"
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def weasyprint_or_none():
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        return None
    return weasyprint


def render_pdf(template: str, context: dict) -> bytes:
    weasyprint = weasyprint_or_none()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint or its system libraries (Pango) are not installed")
    html = render_to_string(template, context)
    stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    if weasyprint_or_none() is None:
        return HttpResponse("PDF is not available on this server. Use the print page and your browser's print to PDF.",
                            status=503, content_type="text/plain")
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
