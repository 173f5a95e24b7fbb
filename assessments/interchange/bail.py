"""Interchange type `bail_restriction` (spec/interchange.md version 1.1): Restriction on Bail.

The application-only fields (charge, the assessment and follow-up, the report's text) are not in the file: an
import leaves them as they are, and a new imported record has none.
"""

from assessments.models.bail import BailRestriction, Compliance, CourtDecision, Eligibility, Response
from clients.models import ClientRelation
from dip.interchange import Choice, Date, RecordType, Ref, Text, register


@register
class BailRestrictionRecord(RecordType):
    type = "bail_restriction"
    model = BailRestriction
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "drug_test": Ref("drug_test", required=False),
        "court": Text(max_length=200),
        "eligibility": Choice(Eligibility),
        "offered_on": Date(),
        "response": Choice(Response),
        "court_decision": Choice(CourtDecision, required=False, empty=""),
        "decided_on": Date(required=False),
        "compliance": Choice(Compliance, required=False, empty=""),
        "reported_to_court_on": Date(required=False),
        "ended_on": Date(required=False),
    }
    db_fields = {"assessments_bail_decided_on_with_decision": "decided_on"}

    def clean(self, data):
        restriction = BailRestriction(**{n: data[n] for n in self.fields if n not in ("client", "area", "drug_test")})
        restriction.client = data["client"]
        restriction.drug_test = data["drug_test"]
        for name, messages in restriction.rule_errors().items():
            for message in messages:
                yield name, message

    def export_queryset(self):
        return super().export_queryset().select_related("client", "area", "drug_test")

    def after_write(self, written):
        # Bulk writes run no service: the court's area sees the client, as custody work in the area does.
        relations = [
            ClientRelation(client_id=obj.client_id, area_id=obj.area_id, reason=ClientRelation.Reason.RECORDED)
            for obj, _data, _created in written
        ]
        ClientRelation.objects.bulk_create(relations, ignore_conflicts=True)
