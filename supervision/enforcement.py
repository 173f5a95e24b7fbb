"""What enforcement an order needs now: one pure function over its rows (reference/domain.md §3.8).

An unacceptable absence recorded in the application, not yet answered by a warning or a breach,
needs a warning when no warning on the order was in force on the failure day (issued within the
previous 12 months), and breach action otherwise, by 10 working days after the failure. Imported
absences (no outcome_recorded_at) are history and never need anything. The order page, the caseload,
the work queue and the services all call `pending_actions`, so the rule is written once.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dip import workdays
from supervision import clocks

WARNING = "warning"
BREACH = "breach"
WARNING_LETTER_WORKING_DAYS = 2  # practice: the letter goes within 2 working days of the failure (domain.md [S42])


@dataclass(frozen=True)
class Action:
    kind: str  # WARNING or BREACH
    failure: object  # the DrrAppointment
    due: datetime.date

    def overdue(self, today: datetime.date) -> bool:
        return today > self.due

    @property
    def label(self) -> str:
        return "Warning due" if self.kind == WARNING else "Breach due"


def action_for(failure_day: datetime.date, warning_days: Iterable[datetime.date]) -> str:
    """WARNING or BREACH for a failure on `failure_day`, given the issue dates of the order's warnings."""
    if any(clocks.warning_in_force(issued, failure_day) for issued in warning_days):
        return BREACH
    return WARNING


def due_for(kind: str, failure_day: datetime.date) -> datetime.date:
    if kind == BREACH:
        return clocks.breach_deadline(failure_day)
    return workdays.add_working_days(failure_day, WARNING_LETTER_WORKING_DAYS)


def pending_actions(appointments, warnings, breaches) -> list[Action]:
    """The warnings and breaches now due for one order, oldest failure first.

    `appointments`, `warnings` and `breaches` are the order's rows (already fetched: no query here).
    """
    answered = {w.failure_id for w in warnings} | {b.failure_id for b in breaches}
    warning_days = [w.issued_on for w in warnings]
    actions = []
    for appointment in sorted(appointments, key=lambda a: a.scheduled_at):
        if not appointment.is_failure or appointment.outcome_recorded_at is None or appointment.pk in answered:
            continue
        day = appointment.scheduled_day
        kind = action_for(day, warning_days)
        actions.append(Action(kind, appointment, due_for(kind, day)))
    return actions


def warning_status(warnings, today: datetime.date) -> str:
    """"Warning in force to 4 February 2026" (its last day), or "No warning in force"."""
    live = [w for w in warnings if clocks.warning_in_force(w.issued_on, today)]
    if not live:
        return "No warning in force"
    latest = max(live, key=lambda w: w.issued_on)
    last_day = latest.expires_on - datetime.timedelta(days=1)
    return f"Warning in force to {last_day:%-d %B %Y}"
