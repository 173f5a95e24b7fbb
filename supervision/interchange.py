"""Interchange types drr_order, drr_appointment, drr_test, drr_warning and drr_breach (spec/interchange.md).

Each record is checked by its model's own rules (rule_errors(complete=False): a file carries no
team, officer, absence evidence or letter text), so a file and a page refuse the same things.
Imported records are history: an imported unacceptable absence has no outcome_recorded_at, so the
enforcement engine (supervision/enforcement.py) never drafts a warning or a breach for it. Tests
still only directed (no outcome) are not exported: the format cannot say "directed".
"""

from dip.interchange import Bool, Choice, Date, DateTime, List, RecordType, Ref, Text, register
from supervision.models import DrrAppointment, DrrBreach, DrrOrder, DrrTest, DrrWarning, Substance


class ModelRulesRecord(RecordType):
    """clean() = the model's own rules on an unsaved instance built from the record."""

    def instance(self, data):
        obj = self.model()
        for field in self.fields.values():
            if field.attr:
                setattr(obj, field.attr, data[field.name] if data[field.name] is not None else field.empty)
        return obj

    def clean(self, data):
        obj = self.instance(data)
        for name, messages in obj.rule_errors(complete=False).items():
            for message in messages:
                yield (name if name in self.fields else next(iter(self.fields))), message


@register
class DrrOrderRecord(ModelRulesRecord):
    type = "drr_order"
    model = DrrOrder
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "order_type": Choice(DrrOrder.OrderType),
        "court": Text(max_length=200),
        "sentence_date": Date(),
        "start_date": Date(),
        "end_date": Date(),
        "intensity": Choice(DrrOrder.Intensity),
        "residential": Bool(required=False, empty=False),
        "termination_date": Date(required=False),
        "termination_reason": Choice(DrrOrder.TerminationReason, required=False, empty=""),
    }


@register
class DrrAppointmentRecord(ModelRulesRecord):
    type = "drr_appointment"
    model = DrrAppointment
    fields = {
        "drr_order": Ref("drr_order"),
        "kind": Choice(DrrAppointment.Kind),
        "scheduled_at": DateTime(),
        "outcome": Choice(DrrAppointment.Outcome, required=False, empty=""),
    }

    def to_model(self, obj, data):
        super().to_model(obj, data)
        if obj.outcome not in (DrrAppointment.Outcome.ACCEPTABLE_ABSENCE, DrrAppointment.Outcome.AWAITING_EVIDENCE):
            obj.absence_reason = ""  # kept from the application only while it still applies

    def lookup_queryset(self):
        return DrrAppointment.objects.all()


@register
class DrrTestRecord(ModelRulesRecord):
    type = "drr_test"
    model = DrrTest
    fields = {
        "drr_order": Ref("drr_order"),
        "taken_at": DateTime(),
        "outcome": Choice(DrrTest.Outcome),
        "result": Choice(DrrTest.Result, required=False, empty=""),
        "substances": List(Choice(Substance), required=False, attr=None),
    }

    def instance(self, data):
        obj = super().instance(data)
        obj.substances = list(data["substances"] or [])
        return obj

    def to_model(self, obj, data):
        super().to_model(obj, data)
        obj.substances = list(data["substances"] or [])

    def read(self, obj, field):
        if field.name == "substances":
            return list(obj.substances)
        return super().read(obj, field)

    def export_queryset(self):
        return super().export_queryset().exclude(outcome="")


class FailureRecord(ModelRulesRecord):
    def instance(self, data):
        obj = super().instance(data)
        obj.failure = data["failure"]
        return obj


@register
class DrrWarningRecord(FailureRecord):
    type = "drr_warning"
    model = DrrWarning
    fields = {
        "drr_order": Ref("drr_order"),
        "failure": Ref("drr_appointment"),
        "issued_on": Date(),
    }


@register
class DrrBreachRecord(FailureRecord):
    type = "drr_breach"
    model = DrrBreach
    fields = {
        "drr_order": Ref("drr_order"),
        "failure": Ref("drr_appointment"),
        "initiated_on": Date(),
        "outcome": Choice(DrrBreach.Outcome, required=False, empty=""),
    }
