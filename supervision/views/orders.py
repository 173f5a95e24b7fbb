"""The caseload, an order's page, creating, ending and reassigning an order, and the provider's view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import get_client_for_user
from dip import audit, concurrency
from dip.models import AuditEvent
from supervision import access, forms, selectors, services
from supervision.views.common import audit_view, errors_onto, form_page

CASELOAD_LIMIT = 500  # a team's caseload is tens of orders; the cap keeps one page bounded


@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    """The officer's orders (a team manager: the team's, and the area's unallocated ones), with their clocks."""
    user = request.user
    if not access.can_supervise_order(user):
        raise PermissionDenied
    manager = access.can_manage_caseload(user)
    form = forms.CaseloadForm(request.GET or None, user=user, manager=manager)
    orders = access.orders_for(user)
    data = form.cleaned_data if form.is_valid() else {}
    if not data.get("include_ended"):
        orders = orders.current()
    if not manager:
        orders = orders.filter(responsible_officer=user)
    elif data.get("officer"):
        orders = orders.filter(responsible_officer=data["officer"])
    rows = selectors.caseload(orders.order_by("pk")[:CASELOAD_LIMIT])
    if data.get("needs_action"):
        rows = [r for r in rows if r.action]
    rows.sort(key=selectors.SORT_KEYS[data.get("sort") or "breach"])
    audit.record(request, AuditEvent.Action.VIEW, "supervision.drrorder list",
                 detail={"page": "caseload", "count": len(rows), "clients": [r.order.client_id for r in rows][:200]})
    context = {"form": form, "rows": rows, "manager": manager, "today": timezone.localdate()}
    return render(request, "supervision/caseload.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    if not access.can_supervise_order(request.user):
        raise PermissionDenied
    client = get_client_for_user(request.user, client_pk)
    form = forms.OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(user=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Order recorded")
            return redirect(order)
    audit.record(request, AuditEvent.Action.VIEW, client, detail={"page": "record DRR order"})
    context = {"form": form, "client": client, "order": None, "title": "Record a DRR order", "button": "Save order"}
    return render(request, "supervision/form.html", context, status=400 if form.errors else 200)


@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk)
    redirect_response = audit_view(request, order, order, page="order")
    if redirect_response is not None:
        return redirect_response
    context = {"order": order, "client": order.client, **selectors.order_overview(order),
               "can_change": access.can_supervise_order(request.user),
               "can_reassign": access.can_manage_caseload(request.user)}
    return render(request, "supervision/order_detail.html", context)


ORDER_FIELDS = ("order_type", "court", "sentence_date", "start_date", "end_date", "intensity", "residential", "provider",
                "responsible_officer", "later_tests_per_week")


@require_http_methods(["GET", "POST"])
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk, change=True)
    initial = {name: getattr(order, name) for name in ORDER_FIELDS}
    initial[concurrency.FIELD] = concurrency.fingerprint(order, ORDER_FIELDS)
    form = forms.OrderEditForm(request.POST or None, user=request.user, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop(concurrency.FIELD) or None
        try:
            services.order_update(user=request.user, order=order, seen_version=seen, **data)
        except ValidationError as error:
            errors_onto(form, error)
        except concurrency.EditConflict as error:
            conflict = concurrency.differences(form, error.current)
            typed = request.POST.copy()
            typed[concurrency.FIELD] = concurrency.fingerprint(error.current, ORDER_FIELDS)
            form = forms.OrderEditForm(typed, user=request.user)  # what was typed, against the order as saved now
            form.is_valid()
            form.add_error(None, "Someone else changed this order while you were editing it. Check their changes "
                                 "below; save again to replace them with yours.")
        else:
            messages.success(request, "Order updated")
            return redirect(order)
    response = form_page(request, form, order=order, title="Change the order", button="Save order", page="change order",
                         extra={"conflict": conflict})
    if conflict is not None:
        response.status_code = 409
    return response


@require_http_methods(["GET", "POST"])
def order_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk, change=True)
    form = forms.TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_terminate(user=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The end of the order is recorded")
            return redirect(order)
    return form_page(request, form, order=order, title="Record the end of the order", button="Save")


@require_http_methods(["GET", "POST"])
def order_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_caseload(request.user):
        raise PermissionDenied
    order = access.get_order(request.user, pk, change=True)
    form = forms.ReassignForm(request.POST or None, user=request.user,
                              initial={"officer": order.responsible_officer_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.order_reassign(user=request.user, order=order, officer=form.cleaned_data["officer"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Order given to {order.responsible_officer.get_full_name() or order.responsible_officer}")
            return redirect("supervision:caseload")
    return form_page(request, form, order=order, title="Reassign the order", button="Reassign")


@require_GET
def provider_orders(request: HttpRequest) -> HttpResponse:
    """A treatment provider's list: the DRR orders of clients referred to its service."""
    if not access.can_give_provider_view(request.user):
        raise PermissionDenied
    orders = list(access.orders_for(request.user).current().order_by("client__family_name", "pk")[:CASELOAD_LIMIT])
    audit.record(request, AuditEvent.Action.VIEW, "supervision.drrorder list",
                 detail={"page": "provider orders", "clients": [o.client_id for o in orders][:200]})
    return render(request, "supervision/provider_orders.html", {"orders": orders})


@require_GET
def provider_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The order in summary for the treatment provider, with its reviews to give a view for; nothing else."""
    order = access.get_order_for_provider(request.user, pk)
    audit.record(request, AuditEvent.Action.VIEW, order, client=order.client_id, detail={"page": "provider view"})
    reviews = list(order.reviews.all())
    return render(request, "supervision/provider_order.html", {"order": order, "client": order.client, "reviews": reviews})
