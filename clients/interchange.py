"""Interchange types `client` and `consent` (spec/interchange.md)."""

from django.db.models.functions import Coalesce
from django.utils import timezone

from clients.identifiers import normalise_nhs, normalise_pnc, normalise_postcode
from clients.models import Client, ClientAlias, ClientName, Consent, Ethnicity, Sex
from dip.interchange import Choice, Date, List, Normalised, Object, RecordType, Ref, Text, register


@register
class ClientRecord(RecordType):
    type = "client"
    model = Client
    fields = {
        "given_name": Text(max_length=100),
        "family_name": Text(max_length=100),
        "date_of_birth": Date(),
        "sex": Choice(Sex),
        "ethnicity": Choice(Ethnicity, required=False, empty=""),  # absent: not stated, and stays absent
        "area": Ref("area"),
        "postcode": Normalised(normalise_postcode, required=False),
        "pnc_id": Normalised(normalise_pnc, required=False),
        "nhs_number": Normalised(normalise_nhs, required=False),
        "aliases": List(
            Object({"given_name": Text(max_length=100), "family_name": Text(max_length=100)}),
            required=False, attr=None,
        ),
    }

    def clean(self, data):
        if data["date_of_birth"] > timezone.localdate():
            yield "date_of_birth", "must not be in the future"

    def existing_queryset(self):
        return Client.objects.prefetch_related("aliases")

    def has_changed(self, obj, before, data):
        return super().has_changed(obj, before, data) or _aliases(obj) != _wanted(data)

    def after_write(self, written):
        # Aliases are replaced as a whole when they differ (they have no ref of their own).
        stale = [obj.pk for obj, data, created in written if not created and _aliases(obj) != _wanted(data)]
        if stale:
            ClientAlias.objects.filter(client_id__in=stale).delete()
        stale_set = set(stale)
        ClientAlias.objects.bulk_create(
            ClientAlias(client=obj, given_name=alias["given_name"], family_name=alias["family_name"])
            for obj, data, created in written
            if created or obj.pk in stale_set
            for alias in data["aliases"]
        )
        _index_names(written)

    def export_queryset(self):
        return super().export_queryset().prefetch_related("aliases")

    def read(self, obj, field):
        if field.name == "aliases":
            return [{"given_name": g, "family_name": f} for g, f in _aliases(obj)]
        return super().read(obj, field)


def _index_names(written) -> None:
    """Search keys (ClientName) for each written client's name and aliases, in two queries per batch:
    bulk writes send no post_save, so the per-client signal handlers of clients.search do not run."""
    try:
        from clients.search import name_keys
    except ImportError:  # the search concern is not installed yet
        return
    ClientName.objects.filter(client_id__in=[obj.pk for obj, _, created in written if not created]).delete()
    keys = []
    for obj, data, _ in written:
        names = [(obj.given_name, obj.family_name, False)] + [(g, f, True) for g, f in _wanted(data)]
        for given, family, is_alias in names:
            key = name_keys(given, family, is_alias=is_alias)
            key.client = obj
            keys.append(key)
    ClientName.objects.bulk_create(keys)


def _aliases(client: Client) -> list[tuple[str, str]]:
    """Aliases in entry order (read from the prefetch cache; a new client has none)."""
    if client.pk is None:
        return []
    return [(a.given_name, a.family_name) for a in sorted(client.aliases.all(), key=lambda a: a.pk)]


def _wanted(data) -> list[tuple[str, str]]:
    return [(a["given_name"], a["family_name"]) for a in data["aliases"]]


@register
class ConsentRecord(RecordType):
    """The latest decision (by decided_on, then file order) is in force: new rows keep file order by id.

    Consent rows are append-only (a database trigger). A record imported again with other values
    "updates it in place" (spec/interchange.md) as a correction: a new row with the same ref that
    corrects the first version; the file's values are now the record's, the earlier decision stays
    as history, and the record keeps its place in the order (clients.consent)."""

    type = "consent"
    model = Consent
    append_only = True
    fields = {
        "client": Ref("client"),
        "scope": Choice(Consent.Scope),
        "decision": Choice(Consent.Decision),
        "decided_on": Date(),
    }

    def to_model(self, obj, data):
        super().to_model(obj, data)
        if obj.pk is None:
            obj.recorded_by = self.context.get("user")

    def correction(self, obj):
        return Consent(
            ref=obj.ref, client_id=obj.client_id, scope=obj.scope, decision=obj.decision, decided_on=obj.decided_on,
            corrects_id=obj.corrects_id or obj.pk, recorded_by=self.context.get("user"),
        )

    def existing_queryset(self):
        return Consent.objects.current()

    def export_queryset(self):
        # In force order's tie-break is entry order: a correction is written where its record was.
        return Consent.objects.current().select_related("client").order_by(Coalesce("corrects_id", "id"))
