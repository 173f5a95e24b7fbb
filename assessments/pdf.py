"""PDF versions of the printable custody notices and statements (dip.pdf with the custody print style)."""

from functools import partial

from dip import pdf
from dip.pdf import weasyprint_or_none  # noqa: F401  (tests ask whether PDFs can be made here)

STYLESHEET = "css/print_custody.css"
render_pdf = partial(pdf.render_pdf, stylesheet=STYLESHEET)
pdf_response = partial(pdf.pdf_response, stylesheet=STYLESHEET)
