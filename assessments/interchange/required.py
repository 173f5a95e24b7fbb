"""Interchange type `required_assessment` (spec/interchange.md).

The file holds the current initial and follow-up appointment of each requirement; the application
keeps every appointment (a variation cancels one and adds the next), so export writes the latest of
each kind and import writes or updates that one. The status is derived from the record. Imported
records are history: no police notification or statement is drafted for an imported failure.
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from assessments.models.required import Attendance, RAAppointment, RAOutcome, RequiredAssessment, derive_status
from dip.interchange import Bool, Choice, DateTime, Object, RecordType, Ref, register


def _appointment(required: bool) -> Object:
    """{"scheduled_at": date-time, "attendance": A or null}; null is written out, as in the spec's records."""
    return Object({"scheduled_at": DateTime(), "attendance": Choice(Attendance, required=False, emit_null=True)},
                  required=required, attr=None)


def _latest(ra: RequiredAssessment, kind: str) -> RAAppointment | None:
    return ra.latest_appointment(kind)


def _as_record(appointment: RAAppointment | None) -> dict | None:
    if appointment is None:
        return None
    return {"scheduled_at": appointment.scheduled_at, "attendance": appointment.attendance or None}


@register
class RequiredAssessmentRecord(RecordType):
    type = "required_assessment"
    model = RequiredAssessment
    fields = {
        "drug_test": Ref("drug_test"),
        "imposed_at": DateTime(),
        "initial": _appointment(required=True),
        "follow_up_required": Bool(required=False),
        "follow_up": _appointment(required=False),
        "outcome": Choice(RAOutcome, required=False, empty=""),
    }

    def clean(self, data):
        test = data["drug_test"]
        if refusal := test.required_assessment_refusal():  # the impose page's rule too
            yield "drug_test", refusal
        if data["follow_up_required"] is True and data["follow_up"] is None:
            yield "follow_up", "required when follow_up_required is true"
        if data["follow_up_required"] is not True and data["follow_up"] is not None:
            yield "follow_up", "only when follow_up_required is true"
        if refusal := test.initial_assessment_refusal(timezone.localdate(data["initial"]["scheduled_at"])):
            yield "initial", refusal

    def to_model(self, obj, data):
        test = data["drug_test"]
        obj.drug_test = test
        if test.client_id is not None:
            obj.client_id = test.client_id
        else:  # a client earlier in this batch, saved just before this record
            obj.client = test.client
        obj.imposed_at = data["imposed_at"]
        obj.follow_up_required = data["follow_up_required"]
        obj.outcome = data["outcome"]
        obj.status = derive_status(
            data["initial"]["attendance"], data["follow_up_required"], (data["follow_up"] or {}).get("attendance"),
            data["outcome"], withdrawn=obj.withdrawn_at is not None,  # withdrawn here: the spec has no such field
        )
        if obj.pk is None:
            obj.created_by = self.context.get("user")

    def existing_queryset(self):
        return RequiredAssessment.objects.prefetch_related("appointments")

    def has_changed(self, obj, before, data):
        return super().has_changed(obj, before, data) or _appointments_differ(obj, data)

    def after_write(self, written):
        new, changed = [], []
        for ra, data, _created in written:
            for kind, key in ((RAAppointment.Kind.INITIAL, "initial"), (RAAppointment.Kind.FOLLOW_UP, "follow_up")):
                wanted = data[key]
                if wanted is None:
                    continue
                current = _latest(ra, kind)
                if current is None:
                    notice = RAAppointment.Notice.RA1 if kind == RAAppointment.Kind.INITIAL else RAAppointment.Notice.RA4
                    issued = ra.imposed_at if kind == RAAppointment.Kind.INITIAL else data["initial"]["scheduled_at"]
                    new.append(RAAppointment(
                        required_assessment=ra, kind=kind, scheduled_at=wanted["scheduled_at"], notice=notice,
                        notice_issued_at=issued, attendance=wanted["attendance"] or "",
                    ))
                elif _as_record(current) != wanted:
                    current.scheduled_at, current.attendance = wanted["scheduled_at"], wanted["attendance"] or ""
                    changed.append(current)
        RAAppointment.objects.bulk_create(new)
        RAAppointment.objects.bulk_update(changed, ["scheduled_at", "attendance"])
        self._derive_rows([ra.pk for ra, _data, _created in written])

    @staticmethod
    def _derive_rows(pks: list[int]) -> None:
        """The custody team that works each requirement (for its work queue), and the decision on the test."""
        from testing.models import DrugTest

        RequiredAssessment.objects.filter(pk__in=pks, team__isnull=True).update(
            team_id=Subquery(DrugTest.objects.filter(pk=OuterRef("drug_test_id")).values("custody_suite__team_id")[:1])
        )
        imposed = RequiredAssessment.objects.filter(drug_test_id=OuterRef("pk"))
        DrugTest.objects.filter(required_assessment__pk__in=pks, assessment_decision="").update(
            assessment_decision=DrugTest.AssessmentDecision.IMPOSED,
            assessment_decided_at=Subquery(imposed.values("imposed_at")[:1]),
        )

    def export_queryset(self):
        return super().export_queryset().prefetch_related(Prefetch("appointments", queryset=RAAppointment.objects.order_by("pk")))

    def read(self, obj, field):
        if field.name == "initial":
            return _as_record(_latest(obj, RAAppointment.Kind.INITIAL))
        if field.name == "follow_up":
            return _as_record(_latest(obj, RAAppointment.Kind.FOLLOW_UP)) if obj.follow_up_required else None
        return super().read(obj, field)


def _appointments_differ(ra, data) -> bool:
    return (
        _as_record(_latest(ra, RAAppointment.Kind.INITIAL)) != data["initial"]
        or (data["follow_up"] is not None and _as_record(_latest(ra, RAAppointment.Kind.FOLLOW_UP)) != data["follow_up"])
    )
