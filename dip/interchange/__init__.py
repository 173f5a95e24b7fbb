'''JSON Lines import and export of whole caseloads (spec/interchange.md).

`python manage.py import_records FILE [--user NAME] [--dry-run]` and
`python manage.py export_records FILE [--user NAME [--type T ...]`.

Writing a record type
=====================
Each app declares its types in `<app>/interchange.py`; DipConfig.ready() imports those modules
(`autodiscover_modules("interchange")`) — nothing else needs editing. For example, in testing/interchange.py::

    from dip.interchange import Bool, Choice, DateTime, RecordType, Ref, Text, register
    from .models import DrugTest

    @register
    class DrugTestRecord(RecordType):
        type = "drug_test"            # the spec's type name
        model = DrugTest              # must have a unique `ref` CharField(max_length=64)
        fields = {                    # the spec's fields, in the spec's order (export order)
            "client": Ref("client"),  # a ref field, named after the type it refers to
            "custody_suite": Ref("custody_suite"),
            "stage": Choice(DrugTest.Stage),
            "requested_at": DateTime(),
            "outcome": Choice(["result", "refused", "failed_to_provide", "invalid"]),
            "sampled_at": DateTime(required=False),
            "disputed": Bool(required=False, empty=False),
            "offence": Text(required=False, max_length=200),
        }

        def clean(self, data):        # rules across fields/records: yield (field, message)
            if data["outcome"] == "result" and data["sampled_at"] is None:
                yield "sampled_at", "required when outcome is result"
            client = data["client"]   # refs arrive resolved to model instances
            if data["stage"] == "arrest" and client.age_on(local_date(data["requested_at"])) < 18:
                yield "client", "must be 18 or over at arrest stage"

        def lookup_queryset(self):    # when OTHER types refer to drug tests and read .client
            return DrugTest.objects.select_related("client")

Fields (dip.interchange.fields): Text(max_length=), Choice(list or TextChoices), Date (local
calendar date), DateTime (offset required; stored aware, exported in UTC with Z), Bool, Ref(type),
Normalised(fn) (text through a validator raising ValidationError, e.g. normalise_pnc),
Object({...}) (nested object → dict), List(item). Options on every field: `required` (default True:
absent or null is an error), `empty` (stored when absent/null; "" for Text, None otherwise),
`attr` (model attribute; default the field name; None = the type handles it in to_model/read),
`emit_null` (export writes null for an empty value instead of leaving the key out).

How an import runs (importer.Importer): per batch of lines, each line is JSON-parsed, its type
found, unknown fields and each field's own value checked (`Field.parse`). Ref fields are then
resolved to model instances: a record earlier in the same batch (possibly not saved yet), else a
row in the database — which includes rows written by earlier batches of the same file, so a
reference to a later line is an error. Then `clean(data)` runs; `data` holds every declared field
(absent → `empty`). Valid records go through `to_model(obj, data)` (default: set each field's
`attr`; obj is the existing row with that ref or a new instance) and are written with
bulk_create/bulk_update, types in dependency order (derived from Ref fields). An existing row is
only updated if `has_changed` (so re-importing a file changes nothing), and `after_write(written)`
is then called to write child rows (see clients.interchange for aliases).
Everything runs in one transaction; any problem rolls it all back and is reported as
`line N: type REF: field: message`, in line order, every one (up to 100): a ref repeated for a type
is refused naming both lines, and a batch the database refuses (constraint, trigger) is written again
record by record so that each refusal is told at its line (dip.interchange.dberrors names the field;
set `db_fields` for a trigger). Put the rules in the model (`rule_errors()`) and call them from
`clean`, so that a page and the import refuse the same things with the same words.
An `append_only` type (rows a trigger never updates, e.g. consent) writes a changed record as a new
row from `correction(obj)`. Because rows are bulk-written no model save() or signal runs:
an imported record is history and must not start workflow actions (no drafting, no reminders).
If your app keeps derived rows (e.g. ClientRelation for visibility), write them in after_write.

Export (exporter.export_stream): `export_queryset()` (default: all rows, Ref targets
select_related, by pk) through `from_model(obj)`: {"type", "ref", then each field in order};
empty optional values are left out unless `emit_null`. Override `read(obj, field)` for fields
with attr=None. Round trip import → export → import must change nothing: test it.
'''

from dip.interchange.fields import (  # noqa: F401  (the public API for record types)
    Bool,
    Choice,
    Date,
    DateTime,
    Field,
    Invalid,
    List,
    Normalised,
    Object,
    Ref,
    Text,
)
from dip.interchange.registry import RecordType, register  # noqa: F401
