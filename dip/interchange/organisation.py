"""Organisation types: area, custody_suite, provider (spec/interchange.md)."""

from dip.interchange.fields import Choice, Ref, Text
from dip.interchange.registry import RecordType, register
from dip.models import Area, CustodySuite, Provider


@register
class AreaRecord(RecordType):
    type = "area"
    model = Area
    fields = {"name": Text(max_length=100)}


@register
class CustodySuiteRecord(RecordType):
    type = "custody_suite"
    model = CustodySuite
    fields = {"name": Text(max_length=100), "area": Ref("area")}


@register
class ProviderRecord(RecordType):
    type = "provider"
    model = Provider
    fields = {"name": Text(max_length=100), "area": Ref("area"), "setting": Choice(Provider.Setting)}
