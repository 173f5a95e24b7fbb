"""Helpers shared by the DRR views: audit of a page view, service errors onto the form, the form page."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from clients.access import ask_for_reason, reason_for_view
from dip import audit
from dip.models import AuditEvent

FORM_TEMPLATE = "supervision/form.html"


def audit_view(request, obj, order, **detail):
    """Write the page's one VIEW event; for a data protection officer without a reason yet, the redirect to give one."""
    reason = reason_for_view(request, order.client)
    if reason is None:
        return ask_for_reason(request, order.client)
    audit.record(request, AuditEvent.Action.VIEW, obj, client=order.client_id, reason=reason, detail=detail or None)
    return None


def errors_onto(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: named fields where the form has them, else the whole form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_page(request, form, *, order, obj=None, title: str, button: str, intro: str = "", extra=None, page: str = ""):
    """Show (or re-show, with errors and what was typed) a form page about an order; audited as a view."""
    redirect_response = audit_view(request, obj or order, order, page=page or title)
    if redirect_response is not None:
        return redirect_response
    context = {"form": form, "order": order, "client": order.client, "title": title, "button": button,
               "intro": intro, **(extra or {})}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)
