"""Drug tests on arrest and required assessments, each one INSERT ... SELECT.

Tests (Home Office DToA data, reliability.md B3): 92 % give a result, 56 % of results positive; of
the positives 65 % cocaine only, 31 % both, 4 % opiates only; 1 % of positives disputed. Who is
tested: every client once, then 60 % of the remaining tests spread evenly, 35 % among one client
in twenty and 5 % among one in a thousand, a long tail of people tested a hundred times or more.
A positive, undisputed test older than two days gets a decision: imposed for a share that gives
the scale's number of required assessments, otherwise not imposed (the queue holds only recent ones).
"""

from assessments.models.required import NOT_IMPOSED_REASONS
from reports.synthetic import PREFIX, reference
from reports.synthetic.org import SUITES_PER_AREA, World, execute, next_id, reset_sequence

WINDOW_DAYS = 1800  # tests fall in this many days before the anchor (clients are 23 or over at the anchor)
SCATTER = 104729  # a prime: k -> 1 + (k * SCATTER mod N) spreads the frequently tested over all clients
OFFENCE_CODES = {
    "Theft Act 1968 s1": "theft-act-1968-s1", "Theft Act 1968 s9": "theft-act-1968-s9",
    "Theft Act 1968 s8": "theft-act-1968-s8", "Misuse of Drugs Act 1971 s5(2)": "mda-1971-s5-2",
    "Misuse of Drugs Act 1971 s5(3)": "mda-1971-s5-3", "Fraud Act 2006 s1": "fraud-act-2006-s1",
    "Theft Act 1968 s22": "theft-act-1968-s22", "Theft Act 1968 s12": "theft-act-1968-s12",
}


def client_sql(g: str, salt: int, n: int, base: int) -> str:
    """Which client the g-th event is about: the long-tailed draw described above (SQL)."""
    tier = f"pg_temp.u({g}, {salt})"
    pick = f"pg_temp.u({g}, {salt + 1})"
    k = (f"CASE WHEN {tier} < 0.6 THEN floor({pick} * {n}) WHEN {tier} < 0.95 THEN floor({pick} * {max(1, n // 20)}) "
         f"ELSE floor({pick} * {max(1, n // 1000)}) END")
    return f"{base} + 1 + mod(({k})::bigint * {SCATTER}, {n})"


def build(world: World) -> None:
    scale = world.scale
    world.test_base = base = next_id("testing_drugtest")
    eligible = scale.tests * 0.92 * 0.56 * 0.99
    imposed_share = min(1.0, scale.required_assessments / eligible)
    drawn = client_sql("g", 30, scale.clients, world.client_base)
    client = f"CASE WHEN g <= {scale.clients} THEN {world.client_base} + g ELSE {drawn} END"
    offences = reference.OFFENCES
    execute(f"""
        CREATE TEMP TABLE syn_test ON COMMIT DROP AS
        SELECT g, {client} AS client_id,
               %(anchor)s::timestamptz - interval '60 minutes' - pg_temp.u(g, 32) * interval '{WINDOW_DAYS} days' AS requested_at,
               pg_temp.u(g, 33) AS outcome_u, pg_temp.u(g, 34) AS positive_u, pg_temp.u(g, 35) AS drug_u,
               pg_temp.u(g, 36) AS dispute_u, pg_temp.u(g, 37) AS decision_u, pg_temp.u(g, 38) AS suite_u
        FROM generate_series(1, %(n)s) AS g;
        -- A test is in a suite of the client's area, one in ten elsewhere (arrested away from home).
        ALTER TABLE syn_test ADD COLUMN suite_id bigint;
        UPDATE syn_test t SET suite_id = s.suite_id
        FROM clients_client c, syn_area_bucket ab, syn_suite s
        WHERE c.id = t.client_id AND ab.b = floor(pg_temp.u(t.g, 41) * 1000)::int
          AND s.area_id = CASE WHEN t.suite_u < 0.9 THEN c.area_id ELSE ab.area_id END AND s.k = mod(t.g, {SUITES_PER_AREA});
        CREATE TEMP TABLE syn_trigger ON COMMIT DROP AS
        SELECT o.offence, t.id FROM unnest(%(offences)s::text[], %(codes)s::text[]) AS o(offence, code)
        JOIN testing_triggeroffence t ON t.code = o.code AND t.valid_to IS NULL;
    """, {"anchor": world.anchor, "n": scale.tests, "offences": list(OFFENCE_CODES),
          "codes": list(OFFENCE_CODES.values())})
    execute("""
        INSERT INTO testing_drugtest (
            id, ref, client_id, custody_suite_id, stage, basis, offence, trigger_offence_id, requested_at, sampled_at,
            outcome, opiates, cocaine, disputed, disputed_at, sent_to_laboratory_at, confirmation,
            confirmation_received_at, assessment_decision, assessment_decision_reason, assessment_decided_at,
            inspector_name, inspector_rank, authorisation_grounds, authorisation_mode, appropriate_adult_present,
            appropriate_adult_name, medication_declared, created_at, updated_at)
        SELECT %(base)s + t.g, %(prefix)s || 'T-' || lpad(t.g::text, 8, '0'), t.client_id, t.suite_id,
               CASE WHEN pg_temp.u(t.g, 39) < 0.9 THEN 'arrest' ELSE 'charge' END, 'trigger_offence', t.offence,
               tr.id, t.requested_at, CASE WHEN t.outcome IN ('result', 'invalid') THEN t.sampled_at END,
               t.outcome, t.opiates, t.cocaine, t.disputed,
               CASE WHEN t.disputed THEN t.sampled_at + interval '10 minutes' END,
               CASE WHEN t.disputed THEN t.sampled_at + interval '1 day' END,
               CASE WHEN NOT t.disputed THEN '' WHEN t.dispute_u < 0.001 THEN 'not_confirmed' ELSE 'confirmed' END,
               CASE WHEN t.disputed THEN t.sampled_at + interval '8 days' END,
               t.decision, CASE WHEN t.decision = 'not_imposed' THEN %(not_imposed)s ELSE '' END,
               CASE WHEN t.decision <> '' THEN t.sampled_at + interval '30 minutes' END,
               '', '', '', '', false, '', '', %(anchor)s, %(anchor)s
        FROM (
            SELECT x.*, x.requested_at + (5 + floor(x.drug_u * 35)) * interval '1 minute' AS sampled_at,
                   CASE WHEN x.outcome = 'result' AND x.positive AND x.drug_u >= 0.65 THEN 'positive'
                        WHEN x.outcome = 'result' THEN 'negative' ELSE '' END AS opiates,
                   CASE WHEN x.outcome = 'result' AND x.positive AND x.drug_u < 0.96 THEN 'positive'
                        WHEN x.outcome = 'result' THEN 'negative' ELSE '' END AS cocaine,
                   x.positive AND x.disputable AS disputed,
                   CASE WHEN NOT x.positive OR x.requested_at > %(anchor)s::timestamptz - interval '2 days' THEN ''
                        WHEN NOT x.disputable AND x.decision_u < %(imposed)s THEN 'imposed'
                        ELSE 'not_imposed' END AS decision,
                   (%(offences)s::text[])[1 + floor(pg_temp.u(x.g, 40) * %(offence_count)s)::int] AS offence
            FROM (
                SELECT t.*, CASE WHEN t.outcome_u < 0.92 THEN 'result' WHEN t.outcome_u < 0.97 THEN 'refused'
                                 WHEN t.outcome_u < 0.99 THEN 'failed_to_provide' ELSE 'invalid' END AS outcome,
                       t.outcome_u < 0.92 AND t.positive_u < 0.56 AS positive,
                       t.dispute_u < 0.01 AND t.requested_at < %(anchor)s::timestamptz - interval '30 days' AS disputable
                FROM syn_test t
            ) x
        ) t
        LEFT JOIN syn_trigger tr ON tr.offence = t.offence
        ORDER BY t.g
    """, {"base": base, "prefix": PREFIX, "anchor": world.anchor, "imposed": imposed_share,
          "not_imposed": dict(NOT_IMPOSED_REASONS)["officer_decided"], "offences": offences,
          "offence_count": len(offences)})
    reset_sequence("testing_drugtest")
    _required_assessments(world)


def _required_assessments(world: World) -> None:
    """One per imposed test: initial appointment 2-7 days on; attended 75 %, failed 15 %, left early 5 %,
    cancelled 5 %; a follow-up for 60 % of those attended; an outcome for most chains that reached one.
    The status is derive_status's (assessments/models/required.py), written as SQL."""
    base = next_id("assessments_requiredassessment")
    execute("""
        CREATE TEMP TABLE syn_ra ON COMMIT DROP AS
        SELECT r.*,
               CASE WHEN r.initial_at > %(anchor)s THEN ''
                    WHEN pg_temp.u(r.test_id, 51) < 0.75 THEN 'attended'
                    WHEN pg_temp.u(r.test_id, 51) < 0.90 THEN 'failed_to_attend'
                    WHEN pg_temp.u(r.test_id, 51) < 0.95 THEN 'left_early' ELSE 'cancelled' END AS initial_attendance,
               r.initial_at + (7 + floor(pg_temp.u(r.test_id, 52) * 8)) * interval '1 day' AS follow_up_at
        FROM (
            SELECT %(base)s + row_number() OVER (ORDER BY t.id) AS id, t.id AS test_id, t.client_id, t.ref,
                   s.team_id, t.assessment_decided_at AS imposed_at,
                   date_trunc('hour', t.assessment_decided_at) + (2 + floor(pg_temp.u(t.id, 50) * 6)) * interval '1 day'
                       AS initial_at
            FROM testing_drugtest t JOIN dip_custodysuite s ON s.id = t.custody_suite_id
            WHERE t.id > %(tests)s AND t.assessment_decision = 'imposed'
        ) r;
        ALTER TABLE syn_ra ADD COLUMN follow_up_required boolean, ADD COLUMN follow_up_attendance text,
                           ADD COLUMN outcome text;
        UPDATE syn_ra SET follow_up_required = CASE WHEN initial_attendance = 'attended'
                                                    THEN pg_temp.u(test_id, 53) < 0.6 END;
        UPDATE syn_ra SET follow_up_attendance = CASE
            WHEN follow_up_required IS NOT TRUE OR follow_up_at > %(anchor)s THEN ''
            WHEN pg_temp.u(test_id, 54) < 0.8 THEN 'attended' ELSE 'failed_to_attend' END;
        UPDATE syn_ra SET outcome = CASE
            WHEN ((follow_up_required IS FALSE) OR follow_up_attendance = 'attended') AND pg_temp.u(test_id, 55) < 0.9
            THEN (ARRAY['no_further_action', 'brief_intervention', 'cjit_caseload', 'referred_structured_treatment',
                        'referred_structured_treatment', 'already_in_treatment', 'declined_support',
                        'transferred_other_area'])[1 + floor(pg_temp.u(test_id, 56) * 8)::int]
            ELSE '' END;
        INSERT INTO assessments_requiredassessment (id, ref, client_id, drug_test_id, team_id, imposed_at, imposing_officer,
            withdrawal_reason, client_told, status, follow_up_required, outcome, created_at)
        SELECT id, replace(ref, '-T-', '-RA-'), client_id, test_id, team_id, imposed_at, '', '', '',
               CASE WHEN outcome <> '' THEN 'completed'
                    WHEN initial_attendance IN ('', 'cancelled') THEN 'imposed'
                    WHEN initial_attendance = 'failed_to_attend' THEN 'initial_fta'
                    WHEN initial_attendance = 'left_early' THEN 'initial_left_early'
                    WHEN follow_up_required IS NULL THEN 'initial_attended'
                    WHEN NOT follow_up_required THEN 'follow_up_not_required'
                    WHEN follow_up_attendance = 'attended' THEN 'follow_up_attended'
                    WHEN follow_up_attendance = 'failed_to_attend' THEN 'follow_up_fta'
                    ELSE 'follow_up_required' END,
               follow_up_required, outcome, %(anchor)s
        FROM syn_ra ORDER BY id;
        INSERT INTO assessments_raappointment (required_assessment_id, kind, scheduled_at, location, notice,
            notice_issued_at, variation_reason, attendance)
        SELECT id, 'initial', initial_at, '', 'RA1', imposed_at, '', initial_attendance FROM syn_ra
        UNION ALL
        SELECT id, 'follow_up', follow_up_at, '', 'RA4', initial_at, '', follow_up_attendance FROM syn_ra
        WHERE follow_up_required
        ORDER BY 1, 2 DESC;
    """, {"base": base, "anchor": world.anchor, "tests": world.test_base})
    reset_sequence("assessments_requiredassessment")
