"""Every figure of the commissioner report, defined once (spec/metrics.md, version 1).

The data file, the XLSX definitions sheet and the PDF's methodology page are all written from this
list; the metric functions in reports/metrics.py compute exactly these ids.
"""

from dataclasses import dataclass

COUNT, RATE, MEDIAN = "count", "rate", "median"

AGE_BANDS = ["under 18", "18-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50+"]
SEXES = ["M", "F", "U"]
ETHNICITY_GROUPS = {
    "white": "ABC", "mixed": "DEFG", "asian": "HJKL", "black": "MNP", "other": "RS", "not stated": "Z",
}
CATEGORIES = {
    "substance": ["opiates only", "cocaine only", "both"],
    "basis": ["trigger_offence", "inspector_authorised"],
    "age_band": AGE_BANDS,
    "sex": SEXES,
    "ethnicity_group": list(ETHNICITY_GROUPS),
    "source": ["custody_suite", "required_assessment", "court", "probation", "prison", "self", "other"],
    "reason_group": ["successful", "transferred", "unplanned"],
    "order_type": ["community_order", "suspended_sentence_order"],
    "reason": [
        "completed", "revoked_good_progress", "revoked_breach", "revoked_further_offence", "transferred", "died", "other",
    ],
}
PEOPLE = ("age_band", "sex", "ethnicity_group")


@dataclass(frozen=True)
class Metric:
    id: str
    section: str
    kind: str
    title: str
    definition: str
    breakdowns: tuple[str, ...] = ()
    headline: bool = True  # "count, by X" has no headline row
    # Additive metrics of an area-by-area run add up to the national figure; the others (distinct
    # people, medians) are computed again over all areas.
    additive: bool = True
    qualified_by: tuple[str, ...] = ()  # data-quality figures printed beside this one

    def categories(self, breakdown: str) -> list[str]:
        return CATEGORIES[breakdown]


SECTIONS = {
    "T": "Custody: drug testing on arrest",
    "R": "Required assessment",
    "E": "Treatment pathway",
    "O": "Treatment outcomes",
    "P": "Drug Rehabilitation Requirements",
    "D": "Data quality",
}

METRICS = [
    Metric("T1", "T", COUNT, "Tests requested", "Tests requested in the period (every outcome), by local date of request."),
    Metric("T2", "T", COUNT, "Tests with a result", "Tests with outcome result."),
    Metric("T3", "T", RATE, "Refusal rate", "Refusals (outcome refused) / T1."),
    Metric("T4", "T", RATE, "Positivity", "Positive tests / T2. A disputed test not confirmed by the laboratory is "
           "negative; one still awaiting confirmation counts as positive."),
    Metric("T5", "T", COUNT, "Positive tests by substance", "Positive tests by what was positive: opiates only, "
           "cocaine only, both (not-confirmed tests excluded).", ("substance",), headline=False),
    Metric("T6", "T", COUNT, "Tests by basis", "T1 split by trigger offence or inspector's authority.", ("basis",),
           headline=False),
    Metric("T7", "T", COUNT, "People tested", "Distinct clients with a test counted in T2.", additive=False,
           qualified_by=("D1",)),
    Metric("T8", "T", COUNT, "People tested by age, sex and ethnicity", "The people of T7; age at their first T2 test "
           "in the period.", PEOPLE, headline=False, additive=False, qualified_by=("D1",)),
    Metric("R1", "R", COUNT, "Required assessments imposed", "Required assessments imposed in the period."),
    Metric("R2", "R", RATE, "Initial assessment attendance", "Initial appointments scheduled in the period: attended / "
           "attended, left early or failed to attend.", qualified_by=("D2",)),
    Metric("R3", "R", COUNT, "Initial assessments missed", "Initial appointments scheduled in the period that were "
           "left early or not attended.", qualified_by=("D2",)),
    Metric("R4", "R", RATE, "Follow-up attendance", "As R2, for follow-up appointments."),
    Metric("R5", "R", RATE, "Conversion to treatment or caseload", "Of R1's assessments whose initial appointment was "
           "attended, those with outcome referred to structured treatment or CJIT caseload."),
    Metric("E1", "E", COUNT, "Referrals", "Referrals with referral date in the period.", ("source",)),
    Metric("E2", "E", COUNT, "Treatment starts", "Referrals with treatment start date in the period."),
    Metric("E3", "E", RATE, "Waited three weeks or less", "Of E2, those starting 21 days or less after referral / E2."),
    Metric("E4", "E", MEDIAN, "Median days to treatment", "Median days from referral to treatment start over E2.",
           additive=False),
    Metric("E5", "E", RATE, "Conversion to treatment", "Of E1, those starting on or before the as-at date and at most "
           "84 days after referral / E1."),
    Metric("E6", "E", COUNT, "Treatment starts by age, sex and ethnicity", "E2's starts, age at treatment start.",
           PEOPLE, headline=False),
    Metric("O1", "O", COUNT, "People in treatment", "Distinct clients in treatment at some time in the period.",
           additive=False),
    Metric("O2", "O", COUNT, "Discharges", "Discharges in the period by reason group: successful (completed), "
           "transferred, unplanned (incomplete).", ("reason_group",)),
    Metric("O3", "O", COUNT, "Successful completions", "O2 successful."),
    Metric("O4", "O", RATE, "Successful completion rate", "O3 / (O2 successful + O2 unplanned)."),
    Metric("P1", "P", COUNT, "DRR orders starting", "Orders with start date in the period.", ("order_type",)),
    Metric("P2", "P", COUNT, "DRR orders active", "Orders active on the last day of the period."),
    Metric("P3", "P", RATE, "DRR attendance", "Appointments in the period: attended / attended, acceptable or "
           "unacceptable absence."),
    Metric("P4", "P", RATE, "DRR compliance", "As P3, numerator attended + acceptable absence."),
    Metric("P5", "P", COUNT, "Unacceptable absences", "Unacceptable absences among P3's appointments."),
    Metric("P6", "P", COUNT, "DRR tests taken", "DRR tests taken in the period."),
    Metric("P7", "P", RATE, "DRR positivity", "Of P6, positive / P6."),
    Metric("P8", "P", COUNT, "Warnings", "Warnings issued in the period."),
    Metric("P9", "P", COUNT, "Breaches", "Breach actions initiated in the period."),
    Metric("P10", "P", RATE, "Breach timeliness", "Of P9, those initiated within 10 working days of the failure "
           "(failure day is day 0; England and Wales bank holidays excluded) / P9."),
    Metric("P11", "P", COUNT, "Terminations", "Orders terminated in the period, by reason.", ("reason",)),
    Metric("P12", "P", RATE, "DRR successful completion", "Of P11 excluding transfers, completed or revoked for good "
           "progress."),
    Metric("D1", "D", RATE, "Ethnicity not stated", "Of T7's people, ethnicity not stated or absent / T7.",
           additive=False),
    Metric("D2", "D", COUNT, "Initial attendance not recorded", "Initial assessment appointments scheduled in the "
           "period, before the as-at date, with attendance not recorded."),
]
BY_ID = {m.id: m for m in METRICS}
NON_ADDITIVE = [m.id for m in METRICS if not m.additive]
