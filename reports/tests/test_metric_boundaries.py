"""Each metric's edges: local-date month boundaries in BST and GMT, half-open periods, the as-at cut-off,
age on the day of an 18th birthday and for someone born on 29 February."""

import datetime

import pytest

from dip.tests.factories import AreaFactory
from reports import metrics, metrics_drr
from reports.periods import Period
from reports.tests import factories as f

pytestmark = pytest.mark.django_db
APRIL = Period.parse("2025-04")
AS_AT = datetime.date(2025, 7, 1)


@pytest.fixture
def place():
    area = AreaFactory(ref="DOR", name="Dorset")
    return area, f.suite(area), f.provider(area)


def _cells(function, period, area, as_at=AS_AT):
    return function(period, [area.pk], as_at)


def test_a_test_late_on_31_march_utc_is_on_1_april_local_time_in_bst(place):
    area, suite, _ = place
    person = f.client(area)
    f.drug_test(person, suite, datetime.datetime(2025, 3, 31, 23, 30, tzinfo=f.UTC))  # 00:30 BST on 1 April
    f.drug_test(person, suite, datetime.datetime(2025, 4, 30, 23, 0, tzinfo=f.UTC))  # 00:00 BST on 1 May: May's
    f.drug_test(person, suite, datetime.datetime(2025, 4, 30, 22, 59, tzinfo=f.UTC))  # 23:59 BST on 30 April
    assert _cells(metrics.custody_tests, APRIL, area)["T1||"][0] == 2
    assert _cells(metrics.custody_tests, APRIL.previous(), area)["T1||"][0] == 0
    assert _cells(metrics.custody_tests, APRIL.shifted(1), area)["T1||"][0] == 1


def test_in_winter_local_time_is_utc_so_the_month_ends_at_midnight_utc(place):
    area, suite, _ = place
    person = f.client(area)
    january = Period.parse("2025-01")
    f.drug_test(person, suite, datetime.datetime(2025, 1, 31, 23, 59, tzinfo=f.UTC))
    f.drug_test(person, suite, datetime.datetime(2025, 2, 1, 0, 0, tzinfo=f.UTC))
    f.drug_test(person, suite, datetime.datetime(2024, 12, 31, 23, 59, tzinfo=f.UTC))
    assert _cells(metrics.custody_tests, january, area)["T1||"][0] == 1
    # October 2025 ends in GMT (clocks went back on the 26th): 23:30 UTC on the 31st is still October.
    f.drug_test(person, suite, datetime.datetime(2025, 10, 31, 23, 30, tzinfo=f.UTC))
    f.drug_test(person, suite, datetime.datetime(2025, 9, 30, 23, 30, tzinfo=f.UTC))  # 00:30 BST 1 October
    assert _cells(metrics.custody_tests, Period.parse("2025-10"), area, datetime.date(2025, 11, 1))["T1||"][0] == 2


def test_periods_are_half_open_on_local_dates(place):
    area, _, service = place
    for day in (datetime.date(2025, 4, 1), datetime.date(2025, 4, 30), datetime.date(2025, 5, 1), datetime.date(2025, 3, 31)):
        f.referral(f.client(area), service, day)
    assert _cells(metrics.referrals_made, APRIL, area)["E1||"][0] == 2


def test_conversion_counts_starts_on_or_before_as_at_and_within_84_days(place):
    area, _, service = place
    person = f.client(area)
    f.referral(person, service, datetime.date(2025, 4, 10), start=datetime.date(2025, 7, 1))  # on as_at: counts
    f.referral(person, service, datetime.date(2025, 4, 10), start=datetime.date(2025, 7, 2))  # after as_at
    f.referral(person, service, datetime.date(2025, 4, 1), start=datetime.date(2025, 6, 24))  # day 84: counts
    f.referral(person, service, datetime.date(2025, 4, 1), start=datetime.date(2025, 6, 25))  # day 85
    cells = _cells(metrics.referrals_made, APRIL, area, datetime.date(2025, 7, 1))
    assert cells["E5||"] == [None, 2, 4]
    assert _cells(metrics.referrals_made, APRIL, area, datetime.date(2025, 6, 30))["E5||"] == [None, 1, 4]


def test_attendance_not_recorded_counts_only_appointments_before_as_at(place):
    area, suite, _ = place
    test = f.drug_test(f.client(area), suite, f.local(2025, 4, 2, 9), opiates="positive")
    f.required_assessment(test, f.local(2025, 4, 2, 10), initial=(f.local(2025, 4, 29, 10), ""))
    test2 = f.drug_test(f.client(area), suite, f.local(2025, 4, 3, 9), opiates="positive")
    f.required_assessment(test2, f.local(2025, 4, 3, 10), initial=(f.local(2025, 4, 30, 10), ""))
    # As at 30 April only the appointment of the 29th is before the cut-off.
    assert _cells(metrics.assessment_appointments, APRIL, area, datetime.date(2025, 4, 30))["D2||"][0] == 1
    assert _cells(metrics.assessment_appointments, APRIL, area, datetime.date(2025, 5, 1))["D2||"][0] == 2


def test_the_attendance_rates_count_only_recorded_attendance_and_not_cancelled(place):
    area, suite, _ = place
    for attendance in ("attended", "left_early", "failed_to_attend", "cancelled", ""):
        test = f.drug_test(f.client(area), suite, f.local(2025, 4, 2, 9), opiates="positive")
        f.required_assessment(test, f.local(2025, 4, 2, 10), initial=(f.local(2025, 4, 20, 10), attendance),
                              outcome="cjit_caseload" if attendance == "attended" else "")
    cells = _cells(metrics.assessment_appointments, APRIL, area)
    assert cells["R2||"] == [None, 1, 3]
    assert cells["R3||"][0] == 2
    assert _cells(metrics.required_assessments, APRIL, area)["R5||"] == [None, 1, 1]


def test_age_band_changes_on_the_18th_birthday_itself(place):
    area, suite, service = place
    on_birthday = f.client(area, born=datetime.date(2007, 4, 10), name="Birthday")
    day_before = f.client(area, born=datetime.date(2007, 4, 11), name="Tomorrow")
    f.drug_test(on_birthday, suite, f.local(2025, 4, 10, 0, 5))
    f.drug_test(day_before, suite, f.local(2025, 4, 10, 23, 55))
    cells = _cells(metrics.people_tested_breakdown, APRIL, area)
    assert cells["T8|age_band|18-24"][0] == 1
    assert cells["T8|age_band|under 18"][0] == 1
    f.referral(on_birthday, service, datetime.date(2025, 4, 1), start=datetime.date(2025, 4, 10))
    assert _cells(metrics.treatment_starts_breakdown, APRIL, area)["E6|age_band|18-24"][0] == 1


def test_age_is_taken_at_the_first_tested_sample_in_the_period(place):
    area, suite, _ = place
    person = f.client(area, born=datetime.date(2007, 4, 15))
    f.drug_test(person, suite, f.local(2025, 4, 14, 12))  # 17 at the first test
    f.drug_test(person, suite, f.local(2025, 4, 20, 12))  # 18 at the second
    cells = _cells(metrics.people_tested_breakdown, APRIL, area)
    assert cells["T8|age_band|under 18"][0] == 1
    assert cells["T8|age_band|18-24"][0] == 0
    assert _cells(metrics.people_tested, APRIL, area)["T7||"][0] == 1


def test_someone_born_on_29_february_turns_18_on_1_march_in_a_common_year(place):
    area, suite, _ = place
    person = f.client(area, born=datetime.date(2004, 2, 29))
    f.drug_test(person, suite, f.local(2022, 2, 28, 12))
    f.drug_test(person, suite, f.local(2022, 3, 1, 12))
    feb = _cells(metrics.people_tested_breakdown, Period.parse("2022-02"), area, datetime.date(2022, 4, 1))
    march = _cells(metrics.people_tested_breakdown, Period.parse("2022-03"), area, datetime.date(2022, 4, 1))
    assert feb["T8|age_band|under 18"][0] == 1
    assert march["T8|age_band|18-24"][0] == 1


def test_positivity_counts_awaiting_confirmation_but_not_not_confirmed(place):
    area, suite, _ = place
    person = f.client(area, ethnicity="Z")
    f.drug_test(person, suite, f.local(2025, 4, 2), opiates="positive", disputed=True)
    f.drug_test(person, suite, f.local(2025, 4, 3), cocaine="positive", disputed=True, confirmation="not_confirmed")
    f.drug_test(person, suite, f.local(2025, 4, 4), opiates="positive", cocaine="positive")
    f.drug_test(person, suite, f.local(2025, 4, 5), outcome="refused")
    cells = _cells(metrics.custody_tests, APRIL, area)
    assert cells["T4||"] == [None, 2, 3]
    assert cells["T3||"] == [None, 1, 4]
    substances = [cells[f"T5|substance|{c}"][0] for c in ("opiates only", "cocaine only", "both")]
    assert substances == [1, 0, 1]
    assert _cells(metrics.people_tested, APRIL, area)["D1||"] == [None, 1, 1]


def test_a_client_counted_in_two_areas_counts_once_nationally(place):
    area, suite, _ = place
    other = AreaFactory(ref="WYK")
    other_suite = f.suite(other)
    person = f.client(area)
    f.drug_test(person, suite, f.local(2025, 4, 2))
    f.drug_test(person, other_suite, f.local(2025, 4, 3))
    parts = [metrics.compute(APRIL, [a.pk], AS_AT) for a in (area, other)]
    national = metrics.national_from_parts(APRIL, parts, AS_AT)
    assert [p["T7||"][0] for p in parts] == [1, 1]
    assert national["T7||"][0] == 1
    assert national["T1||"][0] == 2


@pytest.mark.parametrize(("initiated", "on_time"), [
    (datetime.date(2025, 4, 28), True),  # the 10th working day: Good Friday and Easter Monday do not count
    (datetime.date(2025, 4, 29), False),
    (datetime.date(2025, 4, 10), True),  # the failure day itself (day 0)
])
def test_breach_timeliness_counts_working_days_across_easter(place, initiated, on_time):
    from supervision.clocks import breach_deadline

    area, _, _ = place
    order = f.drr_order(f.client(area), area, start=datetime.date(2025, 3, 1))
    failure = f.drr_appointment(order, f.local(2025, 4, 10, 10), "unacceptable_absence")  # Thursday before Easter
    f.drr_breach(order, failure, initiated)
    assert (initiated <= breach_deadline(datetime.date(2025, 4, 10))) == on_time  # the same rule as the clocks
    assert _cells(metrics_drr.drr_enforcement, APRIL, area)["P10||"] == [None, int(on_time), 1]


def test_a_breach_over_a_weekend_late_on_the_saturday_after_the_deadline(place):
    area, _, _ = place
    order = f.drr_order(f.client(area), area, start=datetime.date(2025, 3, 1))
    failure = f.drr_appointment(order, f.local(2025, 4, 1, 10), "unacceptable_absence")  # Tuesday: deadline Tue 15th
    f.drr_breach(order, failure, datetime.date(2025, 4, 15))
    f.drr_breach(order, failure, datetime.date(2025, 4, 16))
    assert _cells(metrics_drr.drr_enforcement, APRIL, area)["P10||"] == [None, 1, 2]


def test_orders_active_on_the_last_day_and_terminations(place):
    area, _, _ = place
    person = f.client(area)
    f.drr_order(person, area, start=datetime.date(2025, 4, 30))  # starts on the last day: active
    f.drr_order(person, area, start=datetime.date(2025, 5, 1))  # starts after
    f.drr_order(person, area, start=datetime.date(2025, 1, 1), terminated=datetime.date(2025, 4, 30), reason="completed")
    f.drr_order(person, area, start=datetime.date(2025, 1, 1), terminated=datetime.date(2025, 5, 1),
                reason="transferred")  # ends after the last day: still active on it
    f.drr_order(person, area, start=datetime.date(2025, 1, 1), terminated=datetime.date(2025, 4, 2), reason="transferred")
    cells = _cells(metrics_drr.drr_orders, APRIL, area)
    assert cells["P2||"][0] == 2
    assert cells["P1||"][0] == 1 and cells["P1|order_type|community_order"][0] == 1
    assert cells["P11||"][0] == 2 and cells["P11|reason|transferred"][0] == 1
    assert cells["P12||"] == [None, 1, 1]  # transfers are left out


def test_drr_attendance_and_tests_by_local_date(place):
    area, _, _ = place
    order = f.drr_order(f.client(area), area, start=datetime.date(2025, 3, 1))
    f.drr_appointment(order, datetime.datetime(2025, 3, 31, 23, 30, tzinfo=f.UTC), "attended")  # 1 April BST
    f.drr_appointment(order, f.local(2025, 4, 10, 10), "acceptable_absence")
    f.drr_appointment(order, f.local(2025, 4, 11, 10), "unacceptable_absence")
    f.drr_appointment(order, f.local(2025, 4, 12, 10), "awaiting_evidence")
    f.drr_appointment(order, f.local(2025, 4, 13, 10), "")
    f.drr_test(order, f.local(2025, 4, 2, 10), result="positive")
    f.drr_test(order, f.local(2025, 4, 3, 10), outcome="refused")
    cells = _cells(metrics_drr.drr_appointments, APRIL, area)
    assert (cells["P3||"], cells["P4||"], cells["P5||"][0]) == ([None, 1, 3], [None, 2, 3], 1)
    tests = _cells(metrics_drr.drr_tests, APRIL, area)
    assert (tests["P6||"][0], tests["P7||"]) == (1, [None, 1, 1])
