"""Interchange type `referral` (spec/interchange.md): a referral and the treatment journey that follows."""

from dip.interchange import Choice, Date, RecordType, Ref, register
from referrals.models import DischargeReason, Referral, Source, Status
from referrals.services import relate_to_providers


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
        # The model's rules, as for a referral made on a page (a future referral_date included). Not the consent
        # rule of referrals.services.sharing_errors: the spec has no rule and no legal-basis field for it, and an
        # imported referral is history already sent (most of the spec sample's have no consent given in force).
        referral = Referral(**{name: data[name] for name in self.fields if name not in ("client", "area", "provider")})
        referral.discharge_reason = data["discharge_reason"] or ""
        for name, messages in referral.rule_errors().items():
            for message in messages:
                yield name, message

    def to_model(self, obj, data):
        super().to_model(obj, data)
        if obj.status != Status.DECLINED_BY_PROVIDER:
            obj.decline_reason = ""  # a reason recorded in the application belongs to that status only

    def lookup_queryset(self):
        return Referral.objects.all()

    def export_queryset(self):
        return super().export_queryset().select_related("client", "area", "provider")

    def after_write(self, written):
        # The page's rule, in bulk: each receiving provider's team sees the client (referrals.services).
        relate_to_providers(obj for obj, _data, _created in written)
