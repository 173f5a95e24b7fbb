"""Interchange type `drug_test` (spec/interchange.md).

The record carries less than the DT1: no inspector's authority, no appropriate adult, no
laboratory times. Its rules are the model's own (DrugTest.rule_errors with complete=False), so a
file and a form refuse the same things. The free-text `offence` is kept as given and, when it names
an offence on the trigger list as it stood on the arrest (request) date, linked to that entry.
Tests still awaiting an outcome are not exported: the format has no way to say "awaited".
"""

import re

from dip.interchange import Bool, Choice, DateTime, RecordType, Ref, Text, register
from testing.models import DrugTest, TriggerOffence
from testing.services import relate_to_suites

M = DrugTest


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@register
class DrugTestRecord(RecordType):
    type = "drug_test"
    model = DrugTest
    fields = {
        "client": Ref("client"),
        "custody_suite": Ref("custody_suite"),
        "stage": Choice(M.Stage),
        "basis": Choice(M.Basis),
        "offence": Text(required=False, max_length=200, attr=None),
        "requested_at": DateTime(),
        "outcome": Choice(M.Outcome),
        "sampled_at": DateTime(required=False),
        "opiates": Choice(M.Reading, required=False, empty=""),
        "cocaine": Choice(M.Reading, required=False, empty=""),
        "disputed": Bool(required=False, empty=False),
        "confirmation": Choice(M.Confirmation, required=False, empty=""),
    }

    def __init__(self, context=None):
        super().__init__(context)
        self._offences: list[TriggerOffence] | None = None

    # --- import ---------------------------------------------------------------------------

    def clean(self, data):
        if data["outcome"] != M.Outcome.RESULT:
            for name in ("opiates", "cocaine"):
                if data[name]:
                    yield name, "must be absent unless outcome is result"
        elif not data["opiates"] or not data["cocaine"]:
            for name in ("opiates", "cocaine"):
                if not data[name]:
                    yield name, "required when outcome is result"
            return
        if data["confirmation"] and not data["disputed"]:
            yield "confirmation", "only when disputed"
            return
        test = self._test(data)
        for name, messages in test.rule_errors(complete=False).items():
            for message in messages:
                yield self._spec_field(name), message

    def to_model(self, obj, data):
        super().to_model(obj, data)
        obj.offence = data["offence"] or ""
        obj.trigger_offence = self._trigger_offence(obj.offence, obj) if obj.offence else None
        if not obj.disputed:  # laboratory details kept in the application only make sense for a dispute
            obj.disputed_at = obj.sent_to_laboratory_at = obj.confirmation_received_at = None
        if obj.pk is None:
            obj.recorded_by = self.context.get("user")

    def after_write(self, written):
        # Visibility follows the test by the same rule as a test recorded on a page (testing.services).
        relate_to_suites(test for test, _data, _created in written)

    def lookup_queryset(self):
        return DrugTest.objects.select_related("client")

    def _test(self, data) -> DrugTest:
        test = DrugTest(client=data["client"], custody_suite=data["custody_suite"])
        for name in ("stage", "basis", "requested_at", "outcome", "sampled_at", "opiates", "cocaine", "disputed",
                     "confirmation"):
            setattr(test, name, data[name])
        return test

    @staticmethod
    def _spec_field(name: str) -> str:
        return {"disputed_at": "disputed", "sent_to_laboratory_at": "disputed"}.get(name, name)

    def _trigger_offence(self, text: str, test: DrugTest) -> TriggerOffence | None:
        """The list entry this text names, in force on the test's list date; None if none or ambiguous."""
        if self._offences is None:
            self._offences = list(TriggerOffence.objects.all())
        day = test.list_date
        key = _key(text)
        matches = {
            o for o in self._offences
            if o.in_force_on(day) and key in (_key(str(o)), _key(o.title), _key(f"{o.statute} {o.section}"))
        }
        return matches.pop() if len(matches) == 1 else None

    # --- export ---------------------------------------------------------------------------

    def export_queryset(self):
        return super().export_queryset().exclude(outcome="").select_related("trigger_offence")

    def read(self, obj, field):
        if field.name == "offence":
            return obj.offence or (str(obj.trigger_offence) if obj.trigger_offence_id else "")
        if field.name == "disputed":
            return True if obj.disputed else None  # default false: left out, as in the spec's example
        return super().read(obj, field)
