"""Working days in the Netherlands: Monday to Friday, without the public holidays.

Which holidays: the generally recognised ones of the Algemene termijnenwet (article 3), the law
that says how a period "within so many days" runs:
- New Year's Day;
- Easter Monday and Whit Monday (Easter Sunday and Whit Sunday are Sundays anyway);
- Ascension Day;
- the King's birthday as celebrated;
- the fifth of May;
- Christmas Day and Boxing Day.

Good Friday is not one of them. A programme whose partners also stop on Good Friday still
counts it as a working day: the law is the one rule every partner shares.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, also known
    as Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


def _kings_day(year: int) -> dt.date:
    """The King's (before 2014 the Queen's) birthday as celebrated: the day before when it
    falls on a Sunday."""
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    return day - ONE_DAY if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter + dt.timedelta(days=1),  # Easter Monday
            easter + dt.timedelta(days=39),  # Ascension Day
            easter + dt.timedelta(days=50),  # Whit Monday
            _kings_day(year),
            dt.date(year, 5, 5),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``day``: with ``count`` 2 and ``day`` a Monday,
    the Thursday before, or the Wednesday when that Friday is a public holiday."""
    while count > 0:
        day -= ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def working_days_after(day: dt.date, count: int) -> dt.date:
    """The date reached by counting ``count`` working days forward from ``day``, ``day`` itself
    not counted: with ``count`` 5 and ``day`` a Friday, the Friday after; a holiday in between
    moves it a day further. A term that runs into the next year uses that year's holidays."""
    while count > 0:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (negative when
    ``end`` is before ``start``): the working days left until a term's last day."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count
