"""Referrals into treatment and Drug Rehabilitation Requirements, each table one INSERT ... SELECT.

Referrals: dated in the five years before the anchor, to a provider of the client's area; a
referral of the last three weeks is mostly still pending; older ones started (55 %), declined,
did not attend or were withdrawn; half of the journeys started over 90 days ago are discharged.
DRR orders: sentenced in the three years before the anchor, 6 to 24 months long, supervised by a
probation officer of the client's area; ended orders are terminated (completed, mostly). Each order
has its share of weekly appointments and weekly tests from its start: outcomes only for past ones,
and no outcome_recorded_at, so the enforcement engine drafts nothing for seeded history.
"""

from reports.synthetic import PREFIX
from reports.synthetic.custody import client_sql
from reports.synthetic.org import World, execute, next_id, reset_sequence

DISCHARGE_REASONS = [
    "completed_drug_free", "completed_drug_free", "completed_occasional_user", "completed_alcohol_free",
    "transferred_not_in_custody", "transferred_in_custody", "incomplete_dropped_out", "incomplete_dropped_out",
    "incomplete_withdrawn_by_provider", "incomplete_retained_in_custody", "incomplete_declined_by_client",
    "incomplete_died",
]
SOURCES = ["custody_suite", "custody_suite", "required_assessment", "required_assessment", "court", "probation",
           "prison", "self", "other"]


def referrals(world: World) -> None:
    scale = world.scale
    world.referral_base = base = next_id("referrals_referral")
    execute(f"""
        INSERT INTO referrals_referral (id, ref, client_id, area_id, provider_id, source, referral_date, status,
            requested_intervention, notes, decline_reason, legal_basis, legal_basis_detail, treatment_start_date,
            discharge_date, discharge_reason, created_at, updated_at)
        SELECT %(base)s + r.g, %(prefix)s || 'R-' || lpad(r.g::text, 8, '0'), r.client_id, c.area_id, p.provider_id,
               (%(sources)s::text[])[1 + floor(pg_temp.u(r.g, 61) * %(source_count)s)::int], r.referral_date, r.status,
               '', '', '', '', '', r.start_date, r.discharge_date,
               CASE WHEN r.discharge_date IS NULL THEN ''
                    ELSE (%(reasons)s::text[])[1 + floor(pg_temp.u(r.g, 62) * %(reason_count)s)::int] END,
               %(anchor)s, %(anchor)s
        FROM (
            SELECT x.*, CASE WHEN x.status = 'started' AND x.start_date < %(today)s - 90 AND pg_temp.u(x.g, 63) < 0.5
                             THEN least(%(today)s, x.start_date + 30 + floor(pg_temp.u(x.g, 64) * 335)::int) END AS discharge_date
            FROM (
                SELECT y.*, CASE WHEN y.status = 'started'
                                 THEN least(%(today)s, y.referral_date + 1 + floor(pg_temp.u(y.g, 65) * 28)::int)
                            END AS start_date
                FROM (
                    SELECT g, {client_sql('g', 66, scale.clients, world.client_base)} AS client_id, d AS referral_date,
                           CASE WHEN d > %(today)s - 21 AND pg_temp.u(g, 67) < 0.6 THEN 'pending'
                                WHEN pg_temp.u(g, 68) < 0.55 THEN 'started'
                                WHEN pg_temp.u(g, 68) < 0.65 THEN 'declined_by_client'
                                WHEN pg_temp.u(g, 68) < 0.70 THEN 'declined_by_provider'
                                WHEN pg_temp.u(g, 68) < 0.85 THEN 'did_not_attend'
                                WHEN pg_temp.u(g, 68) < 0.90 THEN 'withdrawn' ELSE 'pending' END AS status
                    FROM (SELECT g, %(today)s - floor(pg_temp.u(g, 60) * 1800)::int AS d
                          FROM generate_series(1, %(n)s) AS g) dated
                ) y
            ) x
        ) r
        JOIN clients_client c ON c.id = r.client_id
        JOIN syn_provider p ON p.area_id = c.area_id AND p.k = CASE WHEN pg_temp.u(r.g, 69) < 0.85 THEN 0 ELSE 1 END
        ORDER BY r.g
    """, {"base": base, "prefix": PREFIX, "anchor": world.anchor, "today": world.anchor.date(), "n": scale.referrals,
          "sources": SOURCES, "source_count": len(SOURCES), "reasons": DISCHARGE_REASONS,
          "reason_count": len(DISCHARGE_REASONS)})
    reset_sequence("referrals_referral")


def drr(world: World) -> None:
    scale = world.scale
    world.order_base = base = next_id("supervision_drrorder")
    execute(f"""
        INSERT INTO supervision_drrorder (id, ref, client_id, area_id, team_id, responsible_officer_id, order_type, court,
            sentence_date, start_date, end_date, intensity, residential, later_tests_per_week, termination_date,
            termination_reason, created_at, updated_at)
        SELECT %(base)s + o.g, %(prefix)s || 'DRR-' || lpad(o.g::text, 7, '0'), o.client_id, c.area_id, a.probation_team,
               f.user_id,
               CASE WHEN pg_temp.u(o.g, 71) < 0.7 THEN 'community_order' ELSE 'suspended_sentence_order' END,
               a.name || CASE WHEN pg_temp.u(o.g, 72) < 0.8 THEN ' Magistrates'' Court' ELSE ' Crown Court' END,
               o.sentence_date, o.start_date, o.end_date,
               (ARRAY['low', 'medium', 'medium', 'high'])[1 + floor(pg_temp.u(o.g, 73) * 4)::int],
               pg_temp.u(o.g, 74) < 0.03, 1,
               CASE WHEN o.end_date >= %(today)s THEN NULL
                    WHEN o.end_u < 0.65 THEN o.end_date
                    ELSE o.start_date + greatest(1, (o.end_date - o.start_date) * 6 / 10) END,
               CASE WHEN o.end_date >= %(today)s THEN '' WHEN o.end_u < 0.65 THEN 'completed'
                    WHEN o.end_u < 0.85 THEN 'revoked_breach' WHEN o.end_u < 0.95 THEN 'revoked_further_offence'
                    ELSE 'transferred' END,
               %(anchor)s, %(anchor)s
        FROM (
            SELECT x.*, (x.start_date + make_interval(months => 6 + floor(pg_temp.u(x.g, 75) * 19)::int))::date AS end_date,
                   pg_temp.u(x.g, 76) AS end_u
            FROM (
                SELECT g, {client_sql('g', 77, scale.clients, world.client_base)} AS client_id,
                       %(today)s - 1 - floor(pg_temp.u(g, 78) * 1095)::int AS sentence_date,
                       %(today)s - 1 - floor(pg_temp.u(g, 78) * 1095)::int + floor(pg_temp.u(g, 79) * 14)::int AS start_date
                FROM generate_series(1, %(n)s) AS g
            ) x
        ) o
        JOIN clients_client c ON c.id = o.client_id
        JOIN syn_area a ON a.area_id = c.area_id
        LEFT JOIN syn_officer f ON f.area_id = c.area_id AND a.officers > 0 AND f.k = mod(o.g, greatest(a.officers, 1))
        ORDER BY o.g
    """, {"base": base, "prefix": PREFIX, "anchor": world.anchor, "today": world.anchor.date(), "n": scale.orders})
    reset_sequence("supervision_drrorder")
    # The g-th appointment (test) is of order 1 + (g - 1) mod orders, in week (g - 1) / orders of it.
    weekly = """
        FROM (SELECT g, %(orders)s + 1 + mod(g - 1, %(order_count)s) AS order_id, (g - 1) / %(order_count)s AS week
              FROM generate_series(1, %(n)s) AS g) w
        JOIN supervision_drrorder o ON o.id = w.order_id
        CROSS JOIN LATERAL (SELECT ((o.start_date + 7 * w.week::int + mod(w.order_id, 3)::int + {day})::timestamp
                                    + interval '{hour} hours') AT TIME ZONE 'Europe/London' AS at) t
    """
    execute(f"""
        INSERT INTO supervision_drrappointment (ref, drr_order_id, kind, scheduled_at, location, outcome, absence_reason,
            evidence, notes, created_at)
        SELECT %(prefix)s || 'DA-' || lpad(w.g::text, 8, '0'), w.order_id,
               (ARRAY['offender_manager', 'offender_manager', 'offender_manager', 'offender_manager', 'offender_manager',
                      'treatment', 'treatment', 'treatment', 'group', 'review_hearing'])[1 + mod(w.week, 10)::int],
               t.at, '',
               CASE WHEN t.at > %(anchor)s THEN ''
                    WHEN pg_temp.u(w.g, 81) < 0.80 THEN 'attended' WHEN pg_temp.u(w.g, 81) < 0.85 THEN 'acceptable_absence'
                    WHEN pg_temp.u(w.g, 81) < 0.93 THEN 'unacceptable_absence'
                    WHEN pg_temp.u(w.g, 81) < 0.95 THEN 'awaiting_evidence' ELSE 'rescheduled_by_service' END,
               '', '', '', %(anchor)s
        {weekly.format(day=0, hour=10)}
        ORDER BY w.g
    """, {"prefix": PREFIX, "anchor": world.anchor, "orders": base, "order_count": scale.orders,
          "n": scale.appointments})
    execute(f"""
        INSERT INTO supervision_drrtest (ref, drr_order_id, taken_at, directed_by, outcome, result, substances,
            officer_told_basis, created_at)
        SELECT %(prefix)s || 'DT-' || lpad(w.g::text, 8, '0'), w.order_id, t.at, 'responsible_officer', x.outcome,
               CASE WHEN x.outcome <> 'taken' THEN '' WHEN x.positive THEN 'positive' ELSE 'negative' END,
               CASE WHEN x.outcome <> 'taken' OR NOT x.positive THEN '{{}}'::text[]
                    WHEN x.drug_u < 0.5 THEN ARRAY['cocaine'] WHEN x.drug_u < 0.8 THEN ARRAY['opiates', 'cocaine']
                    WHEN x.drug_u < 0.9 THEN ARRAY['cannabis'] ELSE ARRAY['opiates'] END,
               '', %(anchor)s
        {weekly.format(day=2, hour=11)}
        CROSS JOIN LATERAL (SELECT
            CASE WHEN t.at > %(anchor)s THEN '' WHEN pg_temp.u(w.g, 82) < 0.88 THEN 'taken'
                 WHEN pg_temp.u(w.g, 82) < 0.92 THEN 'refused' WHEN pg_temp.u(w.g, 82) < 0.98 THEN 'failed_to_attend'
                 ELSE 'invalid' END AS outcome,
            pg_temp.u(w.g, 83) < 0.35 AS positive, pg_temp.u(w.g, 84) AS drug_u) x
        ORDER BY w.g
    """, {"prefix": PREFIX, "anchor": world.anchor, "orders": base, "order_count": scale.orders,
          "n": scale.drr_tests})
