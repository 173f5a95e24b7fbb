"""Booking appointments (one-off or weekly, clashes shown before saving), outcomes, and the day sheet."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from dip import audit
from dip.models import AuditEvent
from supervision import access, clocks, forms, services
from supervision.models import DrrAppointment
from supervision.views.common import errors_onto, form_page

DAY_SHEET_LIMIT = 200


@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.get_order(request.user, pk, change=True)
    form = forms.AppointmentForm(request.POST or None)
    found = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moments = clocks.weekly_occurrences(data["first_at"], data["weeks"])
        found = services.clashes(order, moments)
        if found and not data["confirm_clashes"]:
            form.add_error("confirm_clashes", "These times clash with other appointments: change them, or book anyway")
        else:
            try:
                made = services.appointments_create(user=request.user, order=order, kind=data["kind"],
                                                    first_at=data["first_at"], weeks=data["weeks"],
                                                    location=data["location"])
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, f"{len(made)} appointment{'s' if len(made) > 1 else ''} booked")
                return redirect(order)
    return form_page(request, form, order=order, title="Book an appointment", button="Book", extra={"clashes": found},
                     page="book appointment")


@require_http_methods(["GET", "POST"])
def appointment_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = access.get_appointment(request.user, pk)
    order = appointment.drr_order
    initial = {"outcome": appointment.outcome, "absence_reason": appointment.absence_reason,
               "evidence": appointment.evidence, "notes": appointment.notes}
    form = forms.OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_record_outcome(user=request.user, appointment=appointment, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Outcome recorded: {appointment.get_outcome_display()}")
            return redirect(order)
    return form_page(request, form, order=order, obj=appointment, title="Record the outcome", button="Save outcome",
                     intro=str(appointment), page="appointment outcome")


@require_http_methods(["GET", "POST"])
def day_sheet(request: HttpRequest) -> HttpResponse:
    """The officer's appointments for one day, with every outcome recorded in one form and one save."""
    user = request.user
    if not access.can_supervise_order(user):
        raise PermissionDenied
    date_form = forms.DaySheetDateForm(request.GET or None)
    day = date_form.day()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=clocks.LONDON)
    appointments = list(
        DrrAppointment.objects.visible_to(user).filter(
            drr_order__responsible_officer=user, scheduled_at__gte=start,
            scheduled_at__lt=start + datetime.timedelta(days=1) + datetime.timedelta(hours=1),
        ).select_related("drr_order__client").order_by("scheduled_at")[:DAY_SHEET_LIMIT]
    )
    appointments = [a for a in appointments if a.scheduled_day == day]  # 23- and 25-hour days
    rows = [(a, forms.DaySheetRowForm(request.POST or None, prefix=f"a{a.pk}", initial={
        "outcome": a.outcome, "absence_reason": a.absence_reason, "evidence": a.evidence})) for a in appointments]
    problem = ""
    if request.method == "POST" and all(f.is_valid() for _, f in rows):
        changes = [(a, {"outcome": f.cleaned_data["outcome"], "absence_reason": f.cleaned_data["absence_reason"],
                        "evidence": f.cleaned_data["evidence"]}) for a, f in rows
                   if f.cleaned_data["outcome"] and f.has_changed()]
        try:
            services.appointments_record_outcomes(user=user, rows=changes)
        except ValidationError as error:
            for index, messages_ in error.message_dict.items():
                form = dict((a.pk, f) for a, f in rows)[changes[int(index)][0].pk]
                form.add_error("outcome", messages_)
            problem = "Nothing was saved: correct the rows shown"
        else:
            messages.success(request, f"{len(changes)} outcome{'s' if len(changes) != 1 else ''} recorded")
            return redirect(f"{request.path}?on_0={day.day}&on_1={day.month}&on_2={day.year}")
    audit.record(request, AuditEvent.Action.VIEW, "supervision.drrappointment list",
                 detail={"page": "day sheet", "day": day.isoformat()},
                 client_ids=[a.drr_order.client_id for a in appointments])
    invalid = any(f.errors for _, f in rows)
    context = {"rows": rows, "day": day, "date_form": date_form, "problem": problem or invalid,
               "past": timezone.now(), "prev": day - datetime.timedelta(days=1), "next": day + datetime.timedelta(days=1)}
    return render(request, "supervision/day_sheet.html", context, status=400 if invalid or problem else 200)
