"""Finding people: folded and phonetic name keys, ranked search and duplicate detection.

Names are folded (diacritics removed, apostrophes dropped, hyphens and spaces ignored, lower case)
so "O'Neill" = "ONeill", "Zoë" = "Zoe" and "Lewis-Hughes" = "Lewis Hughes". A Metaphone code
(jellyfish) catches spelling variants ("Smyth"/"Smith"), and rapidfuzz ranks the candidates.
Every client's own name and each alias has a ClientName row, rebuilt by `index_client` whenever
a client or alias is saved (signals in clients/hooks.py).

Each search costs a constant number of queries: one for the candidate keys (with their clients),
whatever the number of clients or matches.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import jellyfish
from django.db.models import Case, Q, When
from django.db.models.functions import Reverse
from django.db.models.lookups import StartsWith
from rapidfuzz import fuzz

from clients.models import Client, ClientName, client_visibility_q

MAX_CANDIDATES = 400  # clients fetched per search before ranking
# Name keys considered per search, before visibility: a lone common name ("Smith") matches thousands of people
# nationally, and checking each one's visibility grew the search with the data (issue 11). Beyond this the
# keys that agree best are taken (a worker narrows a lone family name with a given name or a date of birth).
MAX_NAME_KEYS = 1000
MAX_RESULTS = 50
NAME_THRESHOLD = 80  # rapidfuzz score (0-100) for a name to count as similar

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Lower-case ASCII letters only: "O'Neill" -> "oneill", "Zoë" -> "zoe", "Lewis-Hughes" -> "lewishughes"."""
    return "".join(fold_tokens(text))


def fold_tokens(text: str) -> list[str]:
    """The words of a name, folded: "Anna  Lewis-Hughes" -> ["anna", "lewis", "hughes"]."""
    text = unicodedata.normalize("NFKD", (text or "")[:300].lower().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`´]", "", text)  # apostrophes join: O'Neill -> oneill
    return re.findall(r"[a-z]+", text)


def phonetic(key: str) -> str:
    return jellyfish.metaphone(key)[:20] if key else ""


def name_keys(given_name: str, family_name: str, *, is_alias: bool = False) -> ClientName:
    given, family = fold(given_name), fold(family_name)
    return ClientName(
        given_key=given[:100], family_key=family[:100], given_phonetic=phonetic(given),
        family_phonetic=phonetic(family), is_alias=is_alias,
    )


def index_client(client: Client, *, created: bool = False) -> None:
    """Rebuild the search keys for a client's name and aliases (three queries; one for a new client)."""
    if created:  # no aliases and no keys yet
        key = name_keys(client.given_name, client.family_name)
        key.client = client
        key.save()
        return
    keys = [name_keys(client.given_name, client.family_name)]
    keys += [name_keys(a.given_name, a.family_name, is_alias=True) for a in client.aliases.all()]
    ClientName.objects.filter(client=client).delete()
    for key in keys:
        key.client = client
    ClientName.objects.bulk_create(keys)


def transposed(day: datetime.date) -> datetime.date | None:
    """The date with day and month swapped (4/7 <-> 7/4), or None when that is no date or the same."""
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


@dataclass
class Match:
    client: Client
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    visible: bool = True

    def add(self, score: float, reason: str) -> None:
        self.score += score
        if reason not in self.reasons:
            self.reasons.append(reason)


@dataclass(frozen=True)
class Query:
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    pnc_id: str = ""
    nhs_number: str = ""

    @property
    def tokens(self) -> list[str]:
        if self.name:
            return fold_tokens(self.name)
        return fold_tokens(self.given_name) + fold_tokens(self.family_name)


def _splits(query: Query) -> list[tuple[str, str]]:
    """(given, family) readings of the query name; either part may be empty."""
    if query.given_name or query.family_name:
        return [(fold(query.given_name), fold(query.family_name))]
    tokens = query.tokens
    if len(tokens) == 1:
        return [(tokens[0], ""), ("", tokens[0])]
    return [("".join(tokens[:i]), "".join(tokens[i:])) for i in range(1, len(tokens))]


def _part(field: str, token: str, *, loose: bool = False) -> Q:
    """One part of a name on the given or family side of a key: same folded text or the same sound; a family
    name also by a part of a double-barrelled one (a prefix or suffix of the key, each on an index); `loose`
    also takes any key with the same first letter, so that a typo ranked by rapidfuzz can still be found."""
    q = Q(**{f"{field}_key": token})
    if len(token) > 1:
        q |= Q(**{f"{field}_phonetic": phonetic(token)})
    if field == "family" and len(token) >= 4:  # "hughes" finds "lewishughes", and "lewis" too
        q |= Q(family_key__startswith=token) | Q(StartsWith(Reverse("family_key"), token[::-1]))
    if loose:
        q |= Q(**{f"{field}_key__startswith": token[:1]})
    return q


def _name_filter(query: Query, *, loose: bool = True) -> Q:
    """Keys that can score as a match. With both parts of a name typed, both must agree (either way round),
    one of them at least by its first letter (`loose`; without it: by text or sound): the candidates are then
    the people of that name, not everyone who shares a common given or family name (thousands nationally)."""
    tokens = query.tokens
    if not tokens:
        return Q(pk__in=[])
    splits = [(g, f) for g, f in _splits(query) if g and f]
    if splits:
        q = Q(pk__in=[])
        for given, family in splits:
            for g_field, f_field in (("given", "family"), ("family", "given")):  # as typed, then swapped
                q |= _part(g_field, given, loose=loose) & _part(f_field, family)
                if loose:
                    q |= _part(g_field, given) & _part(f_field, family, loose=True)
        return q
    token = "".join(tokens)
    return _part("given", token) | _part("family", token)


def _score_name(query: Query, key: ClientName) -> tuple[float, str]:
    """Best (score, reason) of the query name against one key, reading it both ways round."""
    best = (0.0, "")
    for given, family in _splits(query):
        for swapped, (g_key, f_key) in ((False, (key.given_key, key.family_key)), (True, (key.family_key, key.given_key))):
            parts = []
            if given:
                parts.append(fuzz.ratio(given, g_key))
            if family:
                ratio = fuzz.ratio(family, f_key)
                if len(family) >= 4 and family in f_key:
                    ratio = max(ratio, 90.0)
                parts.append(ratio)
            if not parts:
                continue
            score = sum(parts) / len(parts)
            if score < NAME_THRESHOLD:
                sounds = (not given or phonetic(given) == (key.family_phonetic if swapped else key.given_phonetic)) and (
                    not family or phonetic(family) == (key.given_phonetic if swapped else key.family_phonetic)
                )
                if sounds:
                    score = NAME_THRESHOLD
            if score > best[0]:
                exact = score >= 100
                what = "alias" if key.is_alias else "name"
                reason = f"{what} {'matches' if exact else 'is similar'}"
                reason += " (given and family names swapped)" if swapped else ""
                best = (score - (2 if swapped else 0), reason.capitalize())
    return best


def find(query: Query, clients, *, limit: int = MAX_RESULTS) -> list[Match]:
    """Clients from `clients` (a Client queryset) matching `query`, best first, each with its reasons."""
    wanted_dob = query.date_of_birth
    swapped_dob = transposed(wanted_dob) if wanted_dob else None
    matches: dict[int, Match] = {}

    def match_for(client: Client) -> Match:
        return matches.setdefault(client.pk, Match(client=client))

    filters = Q(pk__in=[])
    if query.pnc_id:
        filters |= Q(pnc_id=query.pnc_id)
    if query.nhs_number:
        filters |= Q(nhs_number=query.nhs_number)
    named = bool(query.tokens)
    if named:
        # Keys that agree by text or sound first, then those that only share a first letter. (Not by name: an
        # ORDER BY on an indexed column made the planner walk that whole index for the LIMIT.)
        keys = ClientName.objects.filter(_name_filter(query)).order_by(
            Case(When(_name_filter(query, loose=False), then=0), default=1))
        filters |= Q(pk__in=keys.values("client_id")[:MAX_NAME_KEYS])
    elif wanted_dob:
        filters |= Q(date_of_birth__in=[d for d in (wanted_dob, swapped_dob) if d])
    rows = (
        clients.filter(filters).prefetch_related("name_keys").select_related("area")
        .order_by("family_name", "given_name", "pk")[:MAX_CANDIDATES]
    )
    for client in rows:
        match = Match(client=client)
        if query.pnc_id and client.pnc_id == query.pnc_id:
            match.add(100, "Same PNC ID")
        if query.nhs_number and client.nhs_number == query.nhs_number:
            match.add(100, "Same NHS number")
        name_score = 0.0
        if named:
            scored = [_score_name(query, key) for key in client.name_keys.all()]
            name_score, reason = max(scored, default=(0.0, ""))
            if name_score >= NAME_THRESHOLD:
                match.add(name_score / 2, reason)
        if wanted_dob:
            if client.date_of_birth == wanted_dob:
                match.add(40, "Same date of birth")
            elif swapped_dob and client.date_of_birth == swapped_dob:
                match.add(30, "Date of birth with day and month swapped")
            elif named and name_score >= NAME_THRESHOLD:
                match.score -= 20  # a namesake born on another day ranks below those that agree
        if match.reasons and (not named or name_score >= NAME_THRESHOLD or match.score >= 100):
            matches[client.pk] = match
    ranked = sorted(matches.values(), key=lambda m: (-m.score, m.client.family_name, m.client.given_name, m.client.pk))
    return ranked[:limit]


def search(user, query: Query) -> list[Match]:
    """Search among the clients this user may see."""
    return find(query, Client.objects.visible_to(user))


def duplicates(user, *, given_name: str, family_name: str, date_of_birth, pnc_id: str = "", nhs_number: str = "",
               exclude_pk: int | None = None) -> list[Match]:
    """Likely duplicates of a person about to be recorded, across the area the user works in.

    Same PNC ID or NHS number; or a similar name (own or alias, either way round) with the same
    or day/month-transposed date of birth. Records the user may not open are included, flagged
    `visible=False`, so the worker can ask for access instead of recording the person twice.
    """
    query = Query(given_name=given_name, family_name=family_name, date_of_birth=date_of_birth,
                  pnc_id=pnc_id, nhs_number=nhs_number)
    visible_q = client_visibility_q(user)
    scope = visible_q
    if user.team_id is not None and user.sees_person_records:
        area_id = user.team.area_id
        scope = visible_q | Q(area_id=area_id) | Q(relations__area_id=area_id) | Q(relations__team__area_id=area_id)
    clients = Client.objects.filter(pk__in=Client.objects.filter(scope).values("pk"))
    if exclude_pk:
        clients = clients.exclude(pk=exclude_pk)
    found = find(query, clients)
    likely = [
        m for m in found
        if any(r.startswith("Same PNC") or r.startswith("Same NHS") for r in m.reasons)
        or (any(r.startswith(("Name", "Alias")) for r in m.reasons) and any("birth" in r for r in m.reasons))
    ]
    if likely:
        visible_ids = set(Client.objects.filter(visible_q, pk__in=[m.client.pk for m in likely]).values_list("pk", flat=True))
        for m in likely:
            m.visible = m.client.pk in visible_ids
    return likely
