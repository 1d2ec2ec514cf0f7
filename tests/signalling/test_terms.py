"""The pick-up term in working days (``signalling.terms``), with time frozen.

Each case is worked out by hand in its comment: counting starts the day after the local date
of receipt; Saturdays, Sundays and the holidays of the Algemene termijnenwet are skipped; Good
Friday is a working day; a holiday on a weekend gives no substitute day; a term running into
the next year uses that year's holidays.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from grip.signalling.terms import AMSTERDAM, due_on, in_time, local_date, working_days_left
from grip.workdays import public_holidays

D = dt.date
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def received(day: dt.date, hour: int = 10) -> dt.datetime:
    """A signal received at ``hour`` local time on ``day``."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


# (received on, term in working days, due on, the weekday of each as a check of the reading)
CASES = [
    # Weekend: from Friday 6 March 2026, Mon 9 … Fri 13 are the five days.
    pytest.param(D(2026, 3, 6), 5, D(2026, 3, 13), id="weekend-from-friday"),
    # From Saturday or Sunday the count starts on the Monday: also Friday 13 March.
    pytest.param(D(2026, 3, 7), 5, D(2026, 3, 13), id="weekend-from-saturday"),
    pytest.param(D(2026, 3, 8), 5, D(2026, 3, 13), id="weekend-from-sunday"),
    pytest.param(D(2026, 3, 9), 1, D(2026, 3, 10), id="one-day"),
    # New Year's Day (Friday 1 January 2027), in a term running into the next year: from Tue
    # 29 December 2026: Wed 30 (1), Thu 31 (2), Fri 1 Jan holiday, Mon 4 (3), Tue 5 (4),
    # Wed 6 (5).
    pytest.param(D(2026, 12, 29), 5, D(2027, 1, 6), id="new-year-into-next-year"),
    # Christmas and Boxing Day on weekdays (Thu 25, Fri 26 December 2025), then New Year's
    # Day of 2026 (Thu 1 January): from Wed 24 Dec: Mon 29 (1), Tue 30 (2), Wed 31 (3), Fri 2
    # Jan (4), Mon 5 Jan (5).
    pytest.param(D(2025, 12, 24), 5, D(2026, 1, 5), id="christmas-boxing-day-new-year"),
    # Boxing Day alone: from Thu 25 December 2025 (itself a holiday, not counted anyway), Fri
    # 26 is a holiday: Mon 29 is the first day.
    pytest.param(D(2025, 12, 25), 1, D(2025, 12, 29), id="boxing-day"),
    # Christmas and Boxing Day on Saturday and Sunday (2027): no substitute, Monday 27
    # December is a working day.
    pytest.param(D(2027, 12, 24), 1, D(2027, 12, 27), id="christmas-on-a-weekend"),
    # Good Friday (3 April 2026) is a working day; Easter Monday (6 April) is not: from Thu 2
    # April: Fri 3 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5).
    pytest.param(D(2026, 4, 2), 5, D(2026, 4, 10), id="good-friday-and-easter-monday"),
    pytest.param(D(2026, 4, 2), 1, D(2026, 4, 3), id="good-friday-is-a-working-day"),
    pytest.param(D(2026, 4, 3), 1, D(2026, 4, 7), id="easter-monday"),
    # King's Day on Monday 27 April 2026: from Fri 24 April: Tue 28 (1), Wed 29 (2), Thu 30
    # (3), Fri 1 May (4), Mon 4 May (5).
    pytest.param(D(2026, 4, 24), 5, D(2026, 5, 4), id="kings-day"),
    # 27 April 2025 is a Sunday: King's Day is Saturday 26 April, no substitute; Monday 28
    # April is a working day.
    pytest.param(D(2025, 4, 25), 1, D(2025, 4, 28), id="kings-day-26-april"),
    # 5 May (Tuesday in 2026): from Mon 4 May the first day is Wed 6.
    pytest.param(D(2026, 5, 4), 1, D(2026, 5, 6), id="fifth-of-may"),
    # Ascension Day: Easter (5 April 2026) + 39 = Thursday 14 May; from Wed 13: Fri 15.
    pytest.param(D(2026, 5, 13), 1, D(2026, 5, 15), id="ascension-day"),
    # Whit Monday: Easter + 50 = Monday 25 May 2026; from Fri 22 May: Tue 26.
    pytest.param(D(2026, 5, 22), 1, D(2026, 5, 26), id="whit-monday"),
    # Ascension and Whit Monday in one term: from Wed 13 May 2026: Fri 15 (1), Mon 18 (2),
    # Tue 19 (3), Wed 20 (4), Thu 21 (5), Fri 22 (6), Tue 26 (7).
    pytest.param(D(2026, 5, 13), 7, D(2026, 5, 26), id="ascension-and-whit-monday"),
]


@pytest.mark.parametrize(("day", "term", "due"), CASES)
def test_due_date(day: dt.date, term: int, due: dt.date) -> None:
    assert due_on(received(day), term) == due
    # The due date is a working day, and picking up on it is in time, the day after is late.
    assert due.weekday() < SAT
    assert due not in public_holidays(due.year)
    assert in_time(received(day), received(due, 23), term)
    assert not in_time(received(day), received(due + dt.timedelta(days=1), 0), term)


def test_the_holidays_are_those_of_the_algemene_termijnenwet() -> None:
    assert public_holidays(2026) == {
        D(2026, 1, 1),  # New Year's Day
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 14),  # Ascension Day
        D(2026, 5, 25),  # Whit Monday
        D(2026, 4, 27),  # King's Day
        D(2026, 5, 5),  # 5 May
        D(2026, 12, 25),
        D(2026, 12, 26),
    }
    assert D(2026, 4, 3) not in public_holidays(2026)  # Good Friday
    # 27 April 2025 is a Sunday: celebrated on the 26th.
    assert D(2025, 4, 27).weekday() == SUN
    assert D(2025, 4, 26) in public_holidays(2025)
    assert D(2025, 4, 27) not in public_holidays(2025)


def test_the_local_date_of_receipt_counts() -> None:
    # 23:30 UTC on Sunday 1 March 2026 is Monday 2 March 00:30 in Amsterdam: counted from
    # Monday, due Monday 9 March (from Sunday it would be Friday 6).
    late_sunday_utc = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert local_date(late_sunday_utc) == D(2026, 3, 2)
    assert due_on(late_sunday_utc, 5) == D(2026, 3, 9)
    # A pick-up at 23:30 UTC on Monday 9 March is Tuesday 10 March locally: late.
    assert in_time(late_sunday_utc, dt.datetime(2026, 3, 9, 21, 59, tzinfo=dt.UTC), 5)
    assert not in_time(late_sunday_utc, dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC), 5)
    # Summer time: 31 March 2026 21:30 UTC is still 31 March (23:30 local).
    assert local_date(dt.datetime(2026, 3, 31, 21, 30, tzinfo=dt.UTC)) == D(2026, 3, 31)
    assert local_date(dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)) == D(2026, 4, 1)


@pytest.mark.parametrize(
    ("now", "left", "timely"),
    [
        # Received Thursday 2 April 2026, term 5, due Friday 10 April (Good Friday counts,
        # Easter Monday does not).
        (dt.datetime(2026, 4, 2, 15, 0, tzinfo=AMSTERDAM), 5, True),  # the day of receipt
        (dt.datetime(2026, 4, 3, 9, 0, tzinfo=AMSTERDAM), 4, True),  # Good Friday
        (dt.datetime(2026, 4, 4, 9, 0, tzinfo=AMSTERDAM), 4, True),  # Saturday
        (dt.datetime(2026, 4, 6, 9, 0, tzinfo=AMSTERDAM), 4, True),  # Easter Monday
        (dt.datetime(2026, 4, 7, 9, 0, tzinfo=AMSTERDAM), 3, True),
        (dt.datetime(2026, 4, 10, 23, 59, tzinfo=AMSTERDAM), 0, True),  # the last day
        # Saturday after: no working day lost yet (0 left), but the date is past: late.
        (dt.datetime(2026, 4, 11, 0, 1, tzinfo=AMSTERDAM), 0, False),
        (dt.datetime(2026, 4, 13, 9, 0, tzinfo=AMSTERDAM), -1, False),  # one day late
        (dt.datetime(2026, 4, 14, 9, 0, tzinfo=AMSTERDAM), -2, False),
    ],
)
def test_working_days_left_with_time_frozen(now: dt.datetime, left: int, timely: bool) -> None:
    with time_machine.travel(now, tick=False):
        today = timezone.localdate()
        assert today == now.date()
        assert working_days_left(received(D(2026, 4, 2)), 5, today) == left
        # Picking up now: in time up to and including the due date (the Saturday after it
        # has no working day left to lose, but its date is past the due date).
        assert in_time(received(D(2026, 4, 2)), timezone.now(), 5) is timely


def test_a_term_over_new_year_with_time_frozen() -> None:
    # Received Tuesday 29 December 2026 at 16:00, term 5: due Wednesday 6 January 2027. On
    # Monday 4 January 2027 (after New Year's Day, a Friday) two working days are left (Tue
    # 5, Wed 6).
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 0, tzinfo=AMSTERDAM), tick=False):
        assert working_days_left(received(D(2026, 12, 29), 16), 5, timezone.localdate()) == 2
