"""DRR workflows: keyword-only `<entity>_<verb>(*, user, ...)`, atomic, validated by the models' rules,
each writing its own audit event and returning the object. No request, no form."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clients.models import ClientRelation
from clients.services import client_relate
from dip import audit, concurrency, permissions
from dip.models import AuditEvent, Team
from supervision import clocks, enforcement
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrReview, DrrTest, DrrWarning

CREATE, UPDATE = AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE


def _audit(user, action, obj, order: DrrOrder, **detail) -> None:
    audit.record(None, action, obj, client=order.client_id, user=user, detail=detail or None)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


# --- orders -----------------------------------------------------------------------------------

@transaction.atomic
def order_create(*, user, client, responsible_officer=None, **fields) -> DrrOrder:
    """A new order supervised by the user's probation team; the team is related to the client."""
    if user.team_id is None or user.team.kind != Team.Kind.PROBATION:
        raise ValidationError("Only a probation team supervises an order")
    order = DrrOrder(client=client, area_id=user.team.area_id, team=user.team,
                     responsible_officer=responsible_officer or user, **fields)
    _save(order)
    client_relate(client=client, team=user.team, reason=ClientRelation.Reason.SUPERVISES)
    _audit(user, CREATE, order, order)
    return order


@transaction.atomic
def order_update(*, user, order: DrrOrder, seen_version: str | None = None, **changes) -> DrrOrder:
    """Change the order's fields; EditConflict if someone saved it after `seen_version` was shown."""
    if seen_version is not None:
        order = DrrOrder.objects.select_for_update(of=("self",)).select_related("client").get(pk=order.pk)
        concurrency.check_unchanged(order, changes, seen_version)
    for name, value in changes.items():
        setattr(order, name, value)
    _save(order)
    _audit(user, UPDATE, order, order, fields=sorted(changes))
    return order


@transaction.atomic
def order_terminate(*, user, order: DrrOrder, termination_date: datetime.date, termination_reason: str) -> DrrOrder:
    if termination_date and termination_date < order.start_date:
        raise ValidationError({"termination_date": "The order cannot end before it started"})
    return order_update(user=user, order=order, termination_date=termination_date,
                        termination_reason=termination_reason)


@transaction.atomic
def order_reassign(*, user, order: DrrOrder, officer) -> DrrOrder:
    """A team manager gives the order to an officer of their team; the client's relation moves with it."""
    if officer.team_id != user.team_id or not permissions.can_supervise_order(officer):
        raise ValidationError({"officer": "Select an officer of your team"})
    old_team_id = order.team_id
    order.team, order.responsible_officer = user.team, officer
    _save(order)
    client_relate(client=order.client, team=user.team, reason=ClientRelation.Reason.SUPERVISES)
    if old_team_id and old_team_id != user.team_id:
        still = DrrOrder.objects.filter(client_id=order.client_id, team_id=old_team_id).exists()
        if not still:
            ClientRelation.objects.filter(client_id=order.client_id, team_id=old_team_id,
                                          reason=ClientRelation.Reason.SUPERVISES).delete()
    _audit(user, UPDATE, order, order, reassigned_to=officer.pk, from_team=old_team_id)
    return order


# --- appointments -----------------------------------------------------------------------------

def clashes(order: DrrOrder, moments: list[datetime.datetime], exclude=()) -> list[DrrAppointment]:
    """Existing appointments of the same client, or of the same responsible officer, within an hour of any
    of `moments`. One query."""
    if not moments:
        return []
    span = DrrAppointment.DURATION
    window = (min(moments) - span, max(moments) + span)
    near = Q(drr_order__client_id=order.client_id)
    if order.responsible_officer_id:
        near |= Q(drr_order__responsible_officer_id=order.responsible_officer_id)
    nearby = (
        DrrAppointment.objects.filter(near, scheduled_at__gt=window[0], scheduled_at__lt=window[1])
        .exclude(pk__in=[a.pk for a in exclude]).select_related("drr_order__client").order_by("scheduled_at")
    )
    return [a for a in nearby if any(abs(a.scheduled_at - m) < span for m in moments)]


@transaction.atomic
def appointments_create(*, user, order: DrrOrder, kind: str, first_at: datetime.datetime, weeks: int = 1,
                        location: str = "") -> list[DrrAppointment]:
    """One appointment, or a weekly series at the same local time (across the clock changes)."""
    if not 1 <= weeks <= 156:
        raise ValidationError({"weeks": "Enter a number of weeks from 1 to 156"})
    moments = clocks.weekly_occurrences(first_at, weeks)
    series = uuid.uuid4() if weeks > 1 else None
    made = []
    for moment in moments:
        appointment = DrrAppointment(drr_order=order, kind=kind, scheduled_at=moment, location=location, series=series)
        _save(appointment)
        made.append(appointment)
    _audit(user, CREATE, made[0], order, count=len(made), series=str(series or ""))
    return made


def _apply_outcome(appointment: DrrAppointment, user, *, outcome: str, absence_reason: str = "", evidence: str = "",
                   notes: str = "") -> DrrAppointment:
    appointment.outcome, appointment.absence_reason = outcome, absence_reason
    appointment.evidence, appointment.notes = evidence, notes or appointment.notes
    appointment.outcome_recorded_at, appointment.outcome_recorded_by = timezone.now(), user
    _save(appointment)
    return appointment


@transaction.atomic
def appointment_record_outcome(*, user, appointment: DrrAppointment, outcome: str, absence_reason: str = "",
                               evidence: str = "", notes: str = "") -> DrrAppointment:
    if appointment.warnings.exists() or appointment.breaches.exists():
        raise ValidationError({"outcome": "A warning or breach answers this absence: the outcome cannot change"})
    _apply_outcome(appointment, user, outcome=outcome, absence_reason=absence_reason, evidence=evidence, notes=notes)
    _audit(user, UPDATE, appointment, appointment.drr_order, outcome=outcome)
    return appointment


@transaction.atomic
def appointments_record_outcomes(*, user, rows: list[tuple[DrrAppointment, dict]]) -> list[DrrAppointment]:
    """The day sheet: every row's outcome in one save. Raises ValidationError({index: errors}) and saves
    nothing when any row breaks a rule."""
    errors = {}
    for index, (appointment, values) in enumerate(rows):
        try:
            with transaction.atomic():
                _apply_outcome(appointment, user, **values)
        except ValidationError as error:
            errors[index] = error
    if errors:
        transaction.set_rollback(True)
        raise ValidationError({str(i): e.messages for i, e in errors.items()})
    for appointment, values in rows:
        _audit(user, UPDATE, appointment, appointment.drr_order, outcome=values["outcome"], page="day sheet")
    return [a for a, _ in rows]


# --- enforcement ------------------------------------------------------------------------------

def _pending(order: DrrOrder, failure: DrrAppointment, kind: str) -> enforcement.Action:
    actions = enforcement.pending_actions(order.appointments.all(), order.warnings.all(), order.breaches.all())
    for action in actions:
        if action.failure.pk == failure.pk:
            if action.kind != kind:
                raise ValidationError(f"This failure needs a {action.kind}, not a {kind}")
            return action
    raise ValidationError("This failure needs no warning or breach action now")


def warning_letter(order: DrrOrder, failure: DrrAppointment) -> str:
    """The drafted letter: the failure, that it is unacceptable, and what another failure within 12 months means."""
    when = timezone.localtime(failure.scheduled_at)
    return (
        f"Dear {order.client},\n\n"
        f"You were instructed to attend a {failure.get_kind_display().lower()} appointment on "
        f"{when:%A %-d %B %Y} at {when:%H:%M} as part of the Drug Rehabilitation Requirement of your "
        f"{order.get_order_type_display().lower()} made at {order.court} on {order.sentence_date:%-d %B %Y}. "
        "You did not attend and have not given an acceptable reason.\n\n"
        "This failure to comply is unacceptable. This letter is a formal warning.\n\n"
        "If you fail to comply with your order again within 12 months of this warning, you will be "
        "liable to be brought back before the court.\n"
    )


@transaction.atomic
def warning_issue(*, user, failure: DrrAppointment, letter: str, issued_on: datetime.date) -> DrrWarning:
    order = failure.drr_order
    _pending(order, failure, enforcement.WARNING)
    warning = DrrWarning(drr_order=order, failure=failure, letter=letter, issued_on=issued_on, issued_by=user)
    _save(warning)
    _audit(user, CREATE, warning, order)
    return warning


@transaction.atomic
def breach_initiate(*, user, failure: DrrAppointment, initiated_on: datetime.date, summary: str) -> DrrBreach:
    order = failure.drr_order
    _pending(order, failure, enforcement.BREACH)
    breach = DrrBreach(drr_order=order, failure=failure, initiated_on=initiated_on, summary=summary, initiated_by=user)
    _save(breach)
    _audit(user, CREATE, breach, order)
    return breach


@transaction.atomic
def breach_record_outcome(*, user, breach: DrrBreach, court_date: datetime.date, outcome: str) -> DrrBreach:
    breach.court_date, breach.outcome = court_date, outcome
    _save(breach)
    _audit(user, UPDATE, breach, breach.drr_order, outcome=outcome)
    return breach


# --- tests under the order --------------------------------------------------------------------

@transaction.atomic
def test_direct(*, user, order: DrrOrder, taken_at: datetime.datetime, directed_by: str) -> DrrTest:
    test = DrrTest(drr_order=order, taken_at=taken_at, directed_by=directed_by, recorded_by=user)
    _save(test)
    _audit(user, CREATE, test, order)
    return test


@transaction.atomic
def test_record(*, user, test: DrrTest, outcome: str, result: str = "", substances=()) -> DrrTest:
    """The outcome of a directed test. The responsible officer is told of the result on a statutory basis
    (no consent needed), recorded with it."""
    test.outcome, test.result, test.substances = outcome, result, list(substances)
    test.officer_told_at, test.officer_told_basis = timezone.now(), DrrTest.NOTIFICATION_BASIS
    test.recorded_by = user
    _save(test)
    _audit(user, UPDATE, test, test.drr_order, outcome=outcome)
    return test


# --- reviews ----------------------------------------------------------------------------------

@transaction.atomic
def review_schedule(*, user, order: DrrOrder, hearing_date: datetime.date, court: str) -> DrrReview:
    for other in order.reviews.all():  # at intervals of not less than a month, either side of each review
        if clocks.add_months(other.hearing_date, -1) < hearing_date < clocks.add_months(other.hearing_date, 1):
            raise ValidationError({"hearing_date": "Reviews are at least a month apart"})
    review = DrrReview(drr_order=order, hearing_date=hearing_date, court=court)
    _save(review)
    _audit(user, CREATE, review, order)
    return review


@transaction.atomic
def review_update(*, user, review: DrrReview, submit: bool = False, **changes) -> DrrReview:
    for name, value in changes.items():
        setattr(review, name, value)
    if submit and review.report_submitted_at is None:
        review.report_submitted_at = timezone.now()
    _save(review)
    _audit(user, UPDATE, review, review.drr_order, fields=sorted(changes), submitted=submit)
    return review


@transaction.atomic
def review_provider_view(*, user, review: DrrReview, provider_view: str) -> DrrReview:
    review.provider_view, review.provider_view_by = provider_view, user
    _save(review)
    _audit(user, UPDATE, review, review.drr_order, fields=["provider_view"])
    return review
