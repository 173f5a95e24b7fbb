"""Interchange type `referral` (spec/interchange.md): a referral and the treatment journey that follows."""

from clients.models import ClientRelation
from dip.interchange import Choice, Date, RecordType, Ref, register
from referrals.models import DischargeReason, Referral, Source, Status


@register
class ReferralRecord(RecordType):
    type = "referral"
    model = Referral
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "provider": Ref("provider"),
        "source": Choice(Source),
        "referral_date": Date(),
        "status": Choice(Status),
        "treatment_start_date": Date(required=False),
        "discharge_date": Date(required=False),
        "discharge_reason": Choice(DischargeReason, required=False, empty=""),
    }
    db_fields = {"referrals_status_one_way": "status"}

    def clean(self, data):
        started = data["status"] == Status.STARTED
        start, discharge = data["treatment_start_date"], data["discharge_date"]
        if started and start is None:
            yield "treatment_start_date", "required when status is started"
        if not started and start is not None:
            yield "treatment_start_date", "only allowed when status is started"
        if start is not None and start < data["referral_date"]:
            yield "treatment_start_date", "must not be before referral_date"
        if discharge is not None:
            if not started:
                yield "discharge_date", "only allowed when status is started"
            elif start is not None and discharge < start:
                yield "discharge_date", "must not be before treatment_start_date"
            if not data["discharge_reason"]:
                yield "discharge_reason", "required with discharge_date"
        elif data["discharge_reason"]:
            yield "discharge_reason", "only allowed with discharge_date"

    def to_model(self, obj, data):
        super().to_model(obj, data)
        if obj.status != Status.DECLINED_BY_PROVIDER:
            obj.decline_reason = ""  # a reason recorded in the application belongs to that status only

    def lookup_queryset(self):
        return Referral.objects.all()

    def export_queryset(self):
        return super().export_queryset().select_related("client", "area", "provider")

    def after_write(self, written):
        # Bulk writes run no service: relate each receiving provider's team so that it sees the client.
        relations = [
            ClientRelation(client_id=obj.client_id, team_id=team_id, reason=ClientRelation.Reason.REFERRED_TO)
            for obj, _data, _created in written
            if (team_id := obj.provider.team_id) is not None
        ]
        ClientRelation.objects.bulk_create(relations, ignore_conflicts=True)
