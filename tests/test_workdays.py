"""Working days: weekends and the public holidays of the Algemene termijnenwet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grip.workdays import easter_sunday, is_working_day, public_holidays, working_days_before

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2008, D(2008, 3, 23)),
        (2011, D(2011, 4, 24)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter_sunday_of_known_years(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)


def test_the_public_holidays_of_2026() -> None:
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1),  # New Year's Day
        D(2026, 4, 6),  # Easter Monday
        D(2026, 4, 27),  # King's Day
        D(2026, 5, 5),  # Liberation Day
        D(2026, 5, 14),  # Ascension Day
        D(2026, 5, 25),  # Whit Monday
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]
    assert is_working_day(D(2026, 4, 3))  # Good Friday is not in the law's list


def test_kings_day_moves_to_saturday_when_it_falls_on_a_sunday() -> None:
    assert D(2025, 4, 26) in public_holidays(2025)
    assert D(2025, 4, 27) not in public_holidays(2025)
    assert D(2006, 4, 29) in public_holidays(2006)  # Queen's Day, 30 April a Sunday


def test_working_days_skip_the_weekend() -> None:
    assert working_days_before(D(2026, 11, 16), 2) == D(2026, 11, 12)  # Mon → Thu
    assert working_days_before(D(2026, 11, 19), 2) == D(2026, 11, 17)
    assert working_days_before(D(2026, 11, 19), 0) == D(2026, 11, 19)


def test_working_days_skip_public_holidays() -> None:
    # Christmas Day 2026 is a Friday: two working days before Monday 28 December are the
    # Thursday and the Wednesday.
    assert working_days_before(D(2026, 12, 28), 2) == D(2026, 12, 23)
    # Easter Monday 6 April 2026: one working day before Tuesday 7 April is Friday 3 April.
    assert working_days_before(D(2026, 4, 7), 1) == D(2026, 4, 3)
    # New Year's Day 2027 is a Friday.
    assert working_days_before(D(2027, 1, 4), 1) == D(2026, 12, 31)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)), st.integers(0, 30))
def test_exactly_count_working_days_lie_between(day: dt.date, count: int) -> None:
    start = working_days_before(day, count)
    from_start_to_day = [start + dt.timedelta(days=n) for n in range((day - start).days)]
    assert sum(map(is_working_day, from_start_to_day)) == count
    assert count == 0 or is_working_day(start)
