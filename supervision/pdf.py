"""PDF versions of the breach pack and the progress report (dip.pdf with the DRR print style)."""

from functools import partial

from dip import pdf
from dip.pdf import weasyprint_or_none  # noqa: F401  (tests ask whether PDFs can be made here)

STYLESHEET = "css/print_drr.css"
render_pdf = partial(pdf.render_pdf, stylesheet=STYLESHEET)
pdf_response = partial(pdf.pdf_response, stylesheet=STYLESHEET)
