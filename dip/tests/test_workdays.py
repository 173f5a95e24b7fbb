import datetime

import pytest

from dip.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday + 5 = next Monday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday + 1 skips the weekend
        (D(2026, 12, 23), 5, D(2027, 1, 4)),  # Christmas, Boxing Day (observed Mon 28th) and New Year
        (D(2026, 4, 1), 2, D(2026, 4, 7)),  # Good Friday 3 April and Easter Monday 6 April
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_bank_holiday_is_not_a_working_day():
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day substitute
    assert not is_working_day(D(2026, 8, 31))  # Summer bank holiday (England and Wales, not Scotland's date)
    assert is_working_day(D(2026, 8, 3))  # Scotland's summer bank holiday is a working day here


def test_working_days_between_is_half_open_and_inverse_of_add():
    start = D(2026, 12, 21)
    for n in range(12):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2026, 1, 2), D(2026, 1, 1)) == 0


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 1), -1)
