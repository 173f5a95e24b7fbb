"""Interchange types `prison_release` and `aftercare` (spec/interchange.md version 1.1)."""

from clients.models import ClientRelation
from dip.interchange import Bool, Choice, Date, List, Object, RecordType, Ref, Text, register
from throughcare.models import Aftercare, AftercareSession, EndReason, PrisonRelease, ReleaseType, SessionKind
from throughcare.models.prison import Status


def _yield_errors(errors):
    for name, messages in errors.items():
        for message in messages:
            yield name, message


@register
class PrisonReleaseRecord(RecordType):
    type = "prison_release"
    model = PrisonRelease
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "prison": Text(max_length=100),
        "reception_date": Date(),
        "status": Choice(Status),
        "expected_release_date": Date(required=False),
        "release_plan_date": Date(required=False),
        "alerted_on": Date(required=False),
        "release_date": Date(required=False),
        "release_type": Choice(ReleaseType, required=False, empty=""),
        "first_contact_date": Date(required=False),
        "first_treatment_date": Date(required=False),
    }
    db_fields = {"throughcare_release_type_with_date": "release_type"}

    def clean(self, data):
        release = PrisonRelease(**{n: data[n] for n in self.fields if n not in ("client", "area")})
        yield from _yield_errors(release.rule_errors())

    def export_queryset(self):
        return super().export_queryset().select_related("client", "area")

    def after_write(self, written):
        # Bulk writes run no service: the release area's community team sees the client from planning on.
        starts: dict[tuple[int, int], object] = {}
        for obj, _data, _created in written:
            key = (obj.client_id, obj.area_id)
            starts[key] = min(starts.get(key, obj.planning_starts), obj.planning_starts)
        existing = {
            (r.client_id, r.area_id): r
            for r in ClientRelation.objects.filter(
                reason=ClientRelation.Reason.RELEASED_TO, client_id__in={c for c, _ in starts}
            )
        }
        new, changed = [], []
        for (client_id, area_id), day in starts.items():
            relation = existing.get((client_id, area_id))
            if relation is None:
                new.append(ClientRelation(client_id=client_id, area_id=area_id, reason="released_to", visible_from=day))
            elif relation.visible_from is not None and relation.visible_from > day:
                relation.visible_from = day
                changed.append(relation)
        ClientRelation.objects.bulk_create(new, ignore_conflicts=True)
        ClientRelation.objects.bulk_update(changed, ["visible_from"])


SESSION = Object({"on": Date(), "kind": Choice(SessionKind), "attended": Bool()})


@register
class AftercareRecord(RecordType):
    type = "aftercare"
    model = Aftercare
    fields = {
        "client": Ref("client"),
        "area": Ref("area"),
        "provider": Ref("provider"),
        "referral": Ref("referral", required=False),
        "started_on": Date(),
        "ended_on": Date(required=False),
        "end_reason": Choice(EndReason, required=False, empty=""),
        "sessions": List(SESSION, required=False, attr=None),
    }
    db_fields = {"throughcare_aftercare_reason_with_end": "end_reason"}

    def clean(self, data):
        episode = Aftercare(
            started_on=data["started_on"], ended_on=data["ended_on"], end_reason=data["end_reason"] or "",
            client=data["client"], referral=data["referral"],
        )
        yield from _yield_errors(episode.rule_errors(sessions=[s["on"] for s in data["sessions"]]))

    def existing_queryset(self):
        return Aftercare.objects.prefetch_related("sessions")

    def has_changed(self, obj, before, data):
        return super().has_changed(obj, before, data) or _sessions(obj) != _wanted(data)

    def after_write(self, written):
        # Sessions are part of their record: importing it again replaces the whole list.
        stale = [obj.pk for obj, data, created in written if not created and _sessions(obj) != _wanted(data)]
        if stale:
            AftercareSession.objects.filter(episode_id__in=stale).delete()
        stale_set = set(stale)
        AftercareSession.objects.bulk_create(
            AftercareSession(episode=obj, on=s["on"], kind=s["kind"], attended=s["attended"])
            for obj, data, created in written
            if created or obj.pk in stale_set
            for s in data["sessions"]
        )
        relations = [
            ClientRelation(client_id=obj.client_id, team_id=team_id, reason=ClientRelation.Reason.REFERRED_TO)
            for obj, _data, _created in written
            if (team_id := obj.provider.team_id) is not None
        ]
        ClientRelation.objects.bulk_create(relations, ignore_conflicts=True)

    def export_queryset(self):
        return super().export_queryset().prefetch_related("sessions")

    def read(self, obj, field):
        if field.name == "sessions":
            return [{"on": on, "kind": kind, "attended": attended} for on, kind, attended in _sessions(obj)]
        return super().read(obj, field)


def _sessions(episode: Aftercare) -> list[tuple]:
    """Sessions in date, then entry, order (from the prefetch cache; a new episode has none)."""
    if episode.pk is None:
        return []
    return [(s.on, s.kind, s.attended) for s in sorted(episode.sessions.all(), key=lambda s: (s.on, s.pk))]


def _wanted(data) -> list[tuple]:
    return [(s["on"], s["kind"], s["attended"]) for s in data["sessions"]]
