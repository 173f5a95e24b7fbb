"""People: identity, aliases, consent, relations to teams and emergency ("break the glass") access."""

import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Reverse
from django.urls import reverse
from django.utils import timezone

from dip import history, permissions
from dip.models import Area, Team, new_ref

# The one scoping rule: every person-level queryset starts from `visible_to(user)`.
# reference/access-model.md: relationships decide, not roles alone. A client is related to a team
# through ClientRelation rows that the services write whenever a team records an event about the
# client, receives a referral, supervises an order or holds the client on its caseload.


def client_visibility_q(user, prefix: str = "") -> Q:
    """A Q over Client (or, with `prefix` like "client__", over a model with a client FK)."""
    if not user.is_authenticated or not user.sees_person_records or user.team_id is None:
        return Q(pk__in=[])
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    team = user.team
    related_to_team = Exists(ClientRelation.objects.filter(client=pk, team_id=team.pk))
    glass = Exists(
        AccessGrant.objects.filter(client=pk, user_id=user.pk, expires_at__gt=timezone.now())
    )
    if permissions.can_read_area_records(user):
        in_area = Q(**{f"{prefix}area_id": team.area_id}) | Exists(
            ClientRelation.objects.filter(client=pk).filter(Q(area_id=team.area_id) | Q(team__area_id=team.area_id))
        )
        return in_area | glass
    if team.kind == team.Kind.CUSTODY:
        # Custody work starts with people not yet known: clients living or tested in the area.
        in_area = Q(**{f"{prefix}area_id": team.area_id}) | Exists(
            ClientRelation.objects.filter(client=pk, area_id=team.area_id).exclude(reason=ClientRelation.Reason.RELEASED_TO)
        )
        return related_to_team | in_area | glass
    if team.kind == team.Kind.COMMUNITY:
        # People being released from prison to the team's area, from release planning on.
        released_here = Exists(
            ClientRelation.objects.filter(client=pk, area_id=team.area_id, reason=ClientRelation.Reason.RELEASED_TO).filter(
                Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.localdate())
            )
        )
        return related_to_team | released_here | glass
    if team.kind in (team.Kind.PROBATION, team.Kind.TREATMENT):
        return related_to_team | glass
    return Q(pk__in=[])


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ClientQuerySet":
        """Clients this user may see (reference/access-model.md)."""
        return self.filter(client_visibility_q(user))


class ClientScopedQuerySet(models.QuerySet):
    """For any model with a `client` FK: visible exactly when its client is."""

    def visible_to(self, user) -> "ClientScopedQuerySet":
        return self.filter(client_visibility_q(user, prefix="client__"))


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or not stated"


class Ethnicity(models.TextChoices):
    """NHS ethnic category codes (spec/interchange.md); Z = not stated."""

    A = "A", "White - British"
    B = "B", "White - Irish"
    C = "C", "White - Any other White background"
    D = "D", "Mixed - White and Black Caribbean"
    E = "E", "Mixed - White and Black African"
    F = "F", "Mixed - White and Asian"
    G = "G", "Mixed - Any other mixed background"
    H = "H", "Asian or Asian British - Indian"
    J = "J", "Asian or Asian British - Pakistani"
    K = "K", "Asian or Asian British - Bangladeshi"
    L = "L", "Asian or Asian British - Any other Asian background"
    M = "M", "Black or Black British - Caribbean"
    N = "N", "Black or Black British - African"
    P = "P", "Black or Black British - Any other Black background"
    R = "R", "Other ethnic groups - Chinese"
    S = "S", "Other ethnic groups - Any other ethnic group"
    Z = "Z", "Not stated"


# The label of a blank ethnicity (see Client.ethnicity).
ETHNICITY_NOT_RECORDED = "Not recorded"


@history.track()
class Client(models.Model):
    ref = models.CharField(max_length=64, unique=True, default=new_ref)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    # Blank = nothing recorded (an interchange record without `ethnicity`), Z = recorded as not stated. Both
    # mean "not stated" (spec/interchange.md); kept apart so that a record exports exactly as it came in.
    ethnicity = models.CharField(max_length=1, choices=Ethnicity.choices, blank=True, default="")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="clients", help_text="Area of residence")
    postcode = models.CharField(max_length=8, blank=True)
    pnc_id = models.CharField("PNC ID", max_length=13, blank=True, db_index=True)  # full form YYYY/NNNNNNNA
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["date_of_birth"], name="clients_client_dob")]  # search by date of birth

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def get_absolute_url(self) -> str:
        return reverse("clients:client-detail", kwargs={"pk": self.pk})

    def age_on(self, day: datetime.date) -> int:
        """Whole years on `day`; someone born on 29 February has a birthday on 1 March in other years."""
        years = day.year - self.date_of_birth.year
        birthday = (self.date_of_birth.month, self.date_of_birth.day)
        if birthday == (2, 29):
            birthday = (2, 29) if _is_leap(day.year) else (3, 1)
        return years - ((day.month, day.day) < birthday)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@history.track()
class ClientAlias(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)

    objects = ClientScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ClientName(models.Model):
    """Search keys for a client's name and each alias: folded text and phonetic codes.

    Kept by clients.search whenever a client or alias is saved; used by search and duplicate checks.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="name_keys")
    given_key = models.CharField(max_length=100, db_index=True)
    family_key = models.CharField(max_length=100, db_index=True)
    given_phonetic = models.CharField(max_length=20, db_index=True)
    family_phonetic = models.CharField(max_length=20, db_index=True)
    is_alias = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # A part of a double-barrelled name is a prefix or a suffix of the folded key ("hughes" of
            # "lewishughes"): prefixes use the pattern index Django adds to family_key, suffixes this one,
            # as reverse(family_key) LIKE 'sehguh%' (no pg_trgm: the embedded PostgreSQL has no contrib).
            models.Index(OpClass(Reverse("family_key"), name="text_pattern_ops"), name="clients_name_family_suffix"),
        ]

    def __str__(self) -> str:
        return f"{self.given_key} {self.family_key}"


class ConsentQuerySet(ClientScopedQuerySet):
    """Consent decisions; which one is in force is clients.consent (in Python there, in SQL here)."""

    def current(self) -> "ConsentQuerySet":
        """The latest version of each record: no later correction of the same first version."""
        later = Consent._base_manager.filter(
            corrects_id=Coalesce(OuterRef("corrects_id"), OuterRef("pk")), pk__gt=OuterRef("pk"),
        )
        return self.exclude(Exists(later))

    def in_force_first(self) -> "ConsentQuerySet":
        """Latest decision first: by decided_on, then entry order (a correction keeps its record's place)."""
        return self.current().order_by(models.F("decided_on").desc(), Coalesce("corrects_id", "id").desc())


@history.track()
class Consent(models.Model):
    class Scope(models.TextChoices):
        NDTMS = "ndtms", "Reporting to NDTMS"
        SHARE_WITH_PROBATION = "share_with_probation", "Sharing with probation"
        SHARE_WITH_TREATMENT = "share_with_treatment", "Sharing with treatment providers"
        SHARE_WITH_PRISON = "share_with_prison", "Sharing with prison"

    class Decision(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Unique among first versions; a correction repeats the ref of the record it corrects.
    ref = models.CharField(max_length=64, default=new_ref, db_index=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(max_length=30, choices=Scope.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A re-imported record with other values (spec/interchange.md: "updates it in place") is a new row that
    # corrects the first version; the latest version of a record counts, the earlier ones stay as history.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        help_text="The first version of the record this row corrects (an import of the same ref with other values).",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        # The decision in force: clients.consent.in_force (latest by decided_on, then by entry order).
        ordering = ["client", "scope", "-decided_on", "-id"]
        # Append-only: a changed mind is a new decision, never an edit or a deletion of the old one.
        triggers = [pgtrigger.Protect(name="clients_consent_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
        constraints = [
            models.UniqueConstraint(fields=["ref"], condition=models.Q(corrects__isnull=True), name="clients_consent_ref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.get_decision_display()} on {self.decided_on:%-d %B %Y}"


class ClientRelation(models.Model):
    """Why a team (or, for custody work, an area) is related to a client: the basis of visibility."""

    class Reason(models.TextChoices):
        RECORDED = "recorded", "Recorded an event"
        TESTED = "tested", "Tested in custody"
        REFERRED_TO = "referred_to", "Referred to the team's service"
        REFERRED_BY = "referred_by", "Referral made by the team"
        SUPERVISES = "supervises", "Supervises an order"
        CASELOAD = "caseload", "On the team's caseload"
        RELEASED_TO = "released_to", "Being released from prison to the area"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="relations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="client_relations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # The relation counts from this local date on (empty: from the start). Release planning, and with
    # it the community team's sight of the prisoner, starts about six weeks before release (domain §3.5).
    visible_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "team", "reason"], name="clients_relation_unique_team"),
            models.UniqueConstraint(fields=["client", "area", "reason"], name="clients_relation_unique_area"),
            models.CheckConstraint(
                condition=models.Q(team__isnull=False) | models.Q(area__isnull=False),
                name="clients_relation_team_or_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ~ {self.team or self.area} ({self.reason})"


class AccessGrant(models.Model):
    """Time-limited access to one client outside the user's scope ("break the glass"), or a DPO's reason."""

    class Reason(models.TextChoices):
        ARRESTED_HERE = "arrested_here", "Arrested or detained in this area"
        TRANSFER = "transfer", "Transfer of care from another area"
        SAFEGUARDING = "safeguarding", "Safeguarding concern"
        COURT = "court", "Court or statutory requirement"
        DATA_PROTECTION = "data_protection", "Data protection review or request"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="access_grants")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    detail = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client", "user", "expires_at"], name="clients_grant_active")]

    def __str__(self) -> str:
        return f"{self.user} -> {self.client_id} until {self.expires_at}"

