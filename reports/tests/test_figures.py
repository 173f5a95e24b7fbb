"""Rounding, ordering and small-number suppression of the data file (spec/metrics.md), on hand-made snapshots."""

from reports import figures


def _rows(snapshot, published=True):
    return {(r.metric, r.category): (r.value, r.numerator, r.denominator) for r in figures.rows(snapshot, published=published)}


def test_rates_round_half_up_to_four_places_and_medians_to_one():
    snapshot = figures.rate("T3", 1, 8) | figures.rate("T4", 2, 3) | figures.median("E4", 22.25, 4)
    rows = _rows(snapshot, published=False)
    assert rows["T3", ""] == ("0.1250", "1", "8")
    assert rows["T4", ""] == ("0.6667", "2", "3")
    assert rows["E4", ""] == ("22.3", "", "4")  # half up, not to even
    assert _rows(figures.rate("T3", 1, 2), published=False)["T3", ""] == ("0.5000", "1", "2")


def test_an_empty_denominator_leaves_the_value_empty_and_a_median_of_nothing_too():
    rows = _rows(figures.rate("O4", 0, 0) | figures.median("E4", None, 0), published=True)
    assert rows["O4", ""] == ("", "0", "0")
    assert rows["E4", ""] == ("", "", "0")


def test_counts_from_one_to_four_are_suppressed_and_zero_and_five_are_not():
    for value, shown in [(0, "0"), (1, "*"), (4, "*"), (5, "5")]:
        assert _rows(figures.count("T1", value))["T1", ""][0] == shown


def test_a_rate_with_a_small_numerator_or_denominator_is_suppressed_whole():
    assert _rows(figures.rate("T4", 3, 50))["T4", ""] == ("*", "*", "*")
    assert _rows(figures.rate("T4", 0, 4))["T4", ""] == ("*", "*", "*")
    assert _rows(figures.rate("D1", 0, 8))["D1", ""] == ("0.0000", "0", "8")
    assert _rows(figures.median("E4", 4.0, 3))["E4", ""] == ("*", "", "*")


def test_one_suppressed_category_takes_the_smallest_other_non_zero_one_with_it():
    snapshot = figures.breakdown_counts("T6", "basis", {"trigger_offence": 29, "inspector_authorised": 4})
    assert _rows(snapshot)["T6", "trigger_offence"][0] == "*"
    sexes = figures.breakdown_counts("T8", "sex", {"M": 20, "F": 7, "U": 2})
    rows = _rows(sexes | figures.breakdown_counts("T8", "age_band", {}) | figures.breakdown_counts("T8", "ethnicity_group", {}))
    assert (rows["T8", "M"][0], rows["T8", "F"][0], rows["T8", "U"][0]) == ("20", "*", "*")


def test_secondary_suppression_takes_the_first_on_a_tie_and_never_a_zero():
    snapshot = figures.breakdown_counts("E1", "source", {"custody_suite": 9, "court": 9, "self": 2}) | figures.count("E1", 20)
    rows = _rows(snapshot)
    assert rows["E1", "custody_suite"][0] == "*"
    assert rows["E1", "court"][0] == "9"
    assert rows["E1", "probation"][0] == "0"
    assert rows["E1", ""][0] == "20"  # the headline is not part of the breakdown


def test_two_suppressed_categories_need_no_secondary_suppression():
    rows = _rows(figures.breakdown_counts("T5", "substance", {"opiates only": 3, "cocaine only": 4, "both": 7}))
    assert [rows["T5", c][0] for c in ("opiates only", "cocaine only", "both")] == ["*", "*", "7"]


def test_rows_follow_the_document_order_with_every_category_listed():
    snapshot = figures.count("O3", 1) | figures.count("T1", 3) | figures.breakdown_counts("T6", "basis", {})
    lines = figures.data_file("DOR", snapshot, published=False).decode().splitlines()
    assert lines == [
        "area,metric,breakdown,category,value,numerator,denominator",
        "DOR,T1,,,3,,", "DOR,T6,basis,trigger_offence,0,,", "DOR,T6,basis,inspector_authorised,0,,", "DOR,O3,,,1,,",
    ]


def test_add_up_sums_counts_numerators_and_denominators_of_the_chosen_metrics_only():
    a = figures.count("T1", 2) | figures.rate("T4", 1, 2) | figures.count("T7", 5)
    b = figures.count("T1", 3) | figures.rate("T4", 2, 6) | figures.count("T7", 5)
    assert figures.add_up([a, b], {"T1", "T4"}) == {"T1||": [5, None, None], "T4||": [None, 3, 8]}
