"""Clients, their aliases and search keys, in three INSERT ... SELECTs.

Distributions (reliability.md B3, Home Office DToA data): 83 % male, about 0.5 % sex not known;
ages at the anchor 23 and over with a long right tail (mean about 33, so about 31 at a test in the
five years before); family names skewed so that the commonest is about 3 % of people; 85 % have
a PNC id, about 64 % an NHS number (70 % recorded, less the nine-digit stems with no valid check digit).
"""

from clients.search import name_keys
from reports.synthetic import PREFIX, reference
from reports.synthetic.org import World, execute, insert_rows, next_id, reset_sequence

PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ALIAS_SHARE = 0.08


def _name_table() -> None:
    """syn_name(kind, idx, name, given/family keys): the lists with their keys made by clients.search itself."""
    execute("""CREATE TEMP TABLE syn_name (kind char(1), idx int, name text, fkey text, phon text,
               PRIMARY KEY (kind, idx)) ON COMMIT DROP""")
    rows = []
    for kind, names in (("m", reference.MALE_GIVEN), ("f", reference.FEMALE_GIVEN), ("s", reference.FAMILY)):
        for idx, name in enumerate(names):
            key = name_keys(name, name)
            rows.append((kind, idx, name, key.given_key, key.given_phonetic))
    insert_rows("syn_name", rows)


def _nhs_sql(stem: str) -> str:
    """The NHS number for a nine-digit stem (an SQL bigint expression), or '' where no check digit is valid."""
    terms = " + ".join(f"mod({stem} / {10 ** (8 - i)}, 10) * {10 - i}" for i in range(9))
    check = f"(11 - mod({terms}, 11))"
    return f"CASE WHEN {check} = 10 THEN '' ELSE ({stem})::text || (mod({check}, 11))::text END"


def build(world: World) -> None:
    _name_table()
    world.client_base = base = next_id("clients_client")
    n = world.scale.clients
    counts = {kind: len(names) for kind, names in (("m", reference.MALE_GIVEN), ("f", reference.FEMALE_GIVEN),
                                                    ("s", reference.FAMILY))}
    execute(f"""
        CREATE TEMP TABLE syn_client ON COMMIT DROP AS
        SELECT g, %(base)s + g AS id,
               CASE WHEN pg_temp.u(g, 1) < 0.83 THEN 'M' WHEN pg_temp.u(g, 1) < 0.995 THEN 'F' ELSE 'U' END AS sex,
               floor({counts['s']} * power(pg_temp.u(g, 2), 1.6))::int AS family_idx,
               pg_temp.u(g, 3) AS given_u,
               23 + least(41, floor(-10 * ln(1 - pg_temp.u(g, 4))))::int AS age,
               floor(pg_temp.u(g, 5) * 364)::int AS extra_days,
               ab.area_id
        FROM generate_series(1, %(n)s) AS g
        JOIN syn_area_bucket ab ON ab.b = floor(pg_temp.u(g, 6) * 1000)::int;
        ALTER TABLE syn_client ADD PRIMARY KEY (g);
    """, {"base": base, "n": n})
    nhs = _nhs_sql("(400000000 + g)")
    execute(f"""
        INSERT INTO clients_client (id, ref, given_name, family_name, date_of_birth, sex, ethnicity, area_id, postcode,
                                    pnc_id, nhs_number, created_at, updated_at)
        SELECT c.id, %(prefix)s || 'C-' || lpad(c.g::text, 7, '0'), gn.name, fn.name, c.dob, c.sex,
               substr(%(ethnicity)s, 1 + floor(pg_temp.u(c.g, 7) * length(%(ethnicity)s))::int, 1),
               c.area_id,
               CASE WHEN pg_temp.u(c.g, 8) < 0.6 THEN a.postcode || (1 + mod(c.g, 9))::text || ' ' || mod(c.g / 9, 10)::text
                    || substr(%(letters)s, 1 + floor(pg_temp.u(c.g, 12) * 20)::int, 1)
                    || substr(%(letters)s, 1 + floor(pg_temp.u(c.g, 13) * 20)::int, 1)
                    ELSE '' END,
               CASE WHEN pg_temp.u(c.g, 9) < 0.85 THEN c.pnc_year::text || '/' || lpad(c.g::text, 7, '0')
                    || substr(%(pnc)s, 1 + mod(mod(c.pnc_year, 100) * 10000000 + c.g, 23)::int, 1) ELSE '' END,
               CASE WHEN pg_temp.u(c.g, 10) < 0.7 THEN {nhs} ELSE '' END,
               %(anchor)s, %(anchor)s
        FROM (
            SELECT s.*, (%(anchor)s::date - make_interval(years => s.age))::date - s.extra_days AS dob,
                   least(extract(year FROM %(anchor)s::date)::int - 1,
                         extract(year FROM %(anchor)s::date)::int - s.age + 16 + floor(pg_temp.u(s.g, 11) * 8)::int) AS pnc_year,
                   CASE WHEN s.sex = 'F' THEN 'f' ELSE 'm' END AS given_kind,
                   floor(CASE WHEN s.sex = 'F' THEN {counts['f']} ELSE {counts['m']} END
                         * power(s.given_u, 1.4))::int AS given_idx
            FROM syn_client s
        ) c
        JOIN syn_name gn ON gn.kind = c.given_kind AND gn.idx = c.given_idx
        JOIN syn_name fn ON fn.kind = 's' AND fn.idx = c.family_idx
        JOIN syn_area a ON a.area_id = c.area_id
        ORDER BY c.g
    """, {"base": base, "prefix": PREFIX, "anchor": world.anchor, "ethnicity": reference.ETHNICITY,
          "letters": POSTCODE_LETTERS, "pnc": PNC_LETTERS})
    reset_sequence("clients_client")
    _aliases(world, counts)
    _search_keys(world)


def _aliases(world: World, counts) -> None:
    """About 8 % of people are also known by another name: another family name, or another given name."""
    execute(f"""
        INSERT INTO clients_clientalias (client_id, given_name, family_name)
        SELECT s.id,
               CASE WHEN pg_temp.u(s.g, 21) < 0.5 THEN cl.given_name
                    ELSE (SELECT name FROM syn_name WHERE kind = CASE WHEN s.sex = 'F' THEN 'f' ELSE 'm' END
                          AND idx = floor(pg_temp.u(s.g, 22)
                                          * CASE WHEN s.sex = 'F' THEN {counts['f']} ELSE {counts['m']} END)::int)
               END,
               CASE WHEN pg_temp.u(s.g, 21) < 0.5
                    THEN (SELECT name FROM syn_name WHERE kind = 's' AND idx = floor(pg_temp.u(s.g, 23) * {counts['s']})::int)
                    ELSE cl.family_name END
        FROM syn_client s JOIN clients_client cl ON cl.id = s.id
        WHERE pg_temp.u(s.g, 20) < %(share)s
        ORDER BY s.g
    """, {"share": ALIAS_SHARE})


def _search_keys(world: World) -> None:
    """ClientName rows, as clients.search.index_client writes them: the own name, then each alias."""
    execute("""
        CREATE TEMP TABLE syn_key ON COMMIT DROP AS SELECT DISTINCT name, fkey, phon FROM syn_name;
        CREATE INDEX ON syn_key (name);
        INSERT INTO clients_clientname (client_id, given_key, family_key, given_phonetic, family_phonetic, is_alias)
        SELECT x.client_id, g.fkey, f.fkey, g.phon, f.phon, x.is_alias FROM (
            SELECT id AS client_id, given_name, family_name, false AS is_alias FROM clients_client WHERE id > %(base)s
            UNION ALL
            SELECT client_id, given_name, family_name, true FROM clients_clientalias WHERE client_id > %(base)s
        ) x
        JOIN syn_key g ON g.name = x.given_name
        JOIN syn_key f ON f.name = x.family_name
        ORDER BY x.client_id, x.is_alias
    """, {"base": world.client_base})
