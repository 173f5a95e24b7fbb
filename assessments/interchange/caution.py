"""Interchange type `conditional_caution` (spec/interchange.md version 1.1), its `sessions` list included:
importing a record again replaces the whole list. The failure report (date and text) is the application's own."""

from assessments.models.caution import Attendance, CautionSession, Condition, ConditionalCaution, Outcome, ProsecutionDecision
from clients.models import ClientRelation
from dip.interchange import Choice, Date, DateTime, List, Object, RecordType, Ref, Text, register

SESSION = Object({"scheduled_at": DateTime(), "attendance": Choice(Attendance, required=False, emit_null=True)})


@register
class ConditionalCautionRecord(RecordType):
    type = "conditional_caution"
    model = ConditionalCaution
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "issued_on": Date(),
        "offence": Text(max_length=200),
        "condition": Choice(Condition),
        "sessions": List(SESSION, attr=None),
        "outcome": Choice(Outcome, required=False, empty=""),
        "concluded_on": Date(required=False),
        "prosecution_decision": Choice(ProsecutionDecision, required=False, empty=""),
    }
    db_fields = {"assessments_caution_concluded_with_outcome": "concluded_on"}

    def clean(self, data):
        caution = ConditionalCaution(
            issued_on=data["issued_on"], condition=data["condition"], outcome=data["outcome"] or "",
            concluded_on=data["concluded_on"], prosecution_decision=data["prosecution_decision"] or "",
        )
        caution.client = data["client"]
        for name, messages in caution.rule_errors(_wanted(data)).items():
            for message in messages:
                yield name, message

    def existing_queryset(self):
        return ConditionalCaution.objects.prefetch_related("sessions")

    def has_changed(self, obj, before, data):
        return super().has_changed(obj, before, data) or _sessions(obj) != _wanted(data)

    def after_write(self, written):
        # Sessions are part of their record: importing it again replaces the whole list.
        stale = [obj.pk for obj, data, created in written if not created and _sessions(obj) != _wanted(data)]
        if stale:
            CautionSession.objects.filter(caution_id__in=stale).delete()
        stale_set = set(stale)
        CautionSession.objects.bulk_create(
            CautionSession(caution=obj, number=n, scheduled_at=moment, attendance=attendance)
            for obj, data, created in written
            if created or obj.pk in stale_set
            for n, (moment, attendance) in enumerate(_wanted(data), 1)
        )
        # Bulk writes run no service: the issuing area's custody team sees the client, as custody work there does.
        ClientRelation.objects.bulk_create(
            [ClientRelation(client_id=obj.client_id, area_id=obj.area_id, reason=ClientRelation.Reason.RECORDED)
             for obj, _data, _created in written],
            ignore_conflicts=True,
        )

    def export_queryset(self):
        return super().export_queryset().prefetch_related("sessions")

    def read(self, obj, field):
        if field.name == "sessions":
            return [{"scheduled_at": moment, "attendance": attendance or None} for moment, attendance in _sessions(obj)]
        return super().read(obj, field)


def _sessions(caution: ConditionalCaution) -> list[tuple]:
    """(scheduled_at, attendance) in session order (from the prefetch cache; a new caution has none)."""
    if caution.pk is None:
        return []
    return [(s.scheduled_at, s.attendance) for s in sorted(caution.sessions.all(), key=lambda s: s.number)]


def _wanted(data) -> list[tuple]:
    return [(s["scheduled_at"], s["attendance"] or "") for s in data["sessions"]]
