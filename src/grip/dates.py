"""The plausible range of every date and time that comes into Grip (issue 22, finding 9).

Python and the databases take years 1 to 9999, but Grip's own arithmetic (a period's next day,
its months, a local midnight as UTC, a retention period added) overflows near those ends, and
a record dated 9999 would never expire. So every date from a form, a query string, an import
or the command line is held to one range, with a Dutch message next to the field:

- dates (periods, planned dates, days something happened): 1 January 1990 up to the end of the
  fifth year from now (a period may reach ahead; a plan may lie a few years out);
- moments (when a report came in, a response arrived, a contact took place): from 1 January 1990
  up to a day from now (a moment is in the past; the day absorbs clocks and time zones; forms
  that know better, such as the report time, check the future more tightly themselves).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = dt.date(1990, 1, 1)
YEARS_AHEAD = 5
MOMENT_MARGIN = dt.timedelta(days=1)
# Grip's own time zone (settings.TIME_ZONE): the first moment of EARLIEST there.
EARLIEST_MOMENT = dt.datetime(1990, 1, 1, tzinfo=ZoneInfo("Europe/Amsterdam"))


def latest_date(today: dt.date | None = None) -> dt.date:
    """The last plausible date: 31 December, five years from now."""
    return dt.date((today or timezone.localdate()).year + YEARS_AHEAD, 12, 31)


def latest_moment(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + MOMENT_MARGIN


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` is not a plausible date (Dutch), or None."""
    if value < EARLIEST:
        return _("Deze datum ligt te ver terug: kies een datum vanaf 01-01-1990.")
    latest = latest_date()
    if value > latest:
        return _("Deze datum ligt te ver vooruit: kies een datum tot en met %(latest)s.") % {
            "latest": latest.strftime("%d-%m-%Y")
        }
    return None


def moment_problem(value: dt.datetime) -> str | None:
    """Why ``value`` (aware) is not a plausible moment (Dutch), or None."""
    try:
        too_early = value < EARLIEST_MOMENT
        too_late = value > latest_moment()
    except OverflowError:  # a moment at the very ends of the calendar, in another offset
        too_early, too_late = value.year < EARLIEST.year, value.year >= EARLIEST.year
    if too_early:
        return _("Dit tijdstip ligt te ver terug: kies een tijdstip vanaf 01-01-1990.")
    if too_late:
        return _("Dit tijdstip ligt in de toekomst.")
    return None


def validate_plausible_date(value: dt.date) -> None:
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="implausible_date")


def validate_plausible_moment(value: dt.datetime) -> None:
    problem = moment_problem(value)
    if problem:
        raise ValidationError(problem, code="implausible_moment")


class PlausibleDateField(forms.DateField):
    """A date field held to Grip's plausible range."""

    default_validators = [validate_plausible_date]


class PlausibleDateTimeField(forms.DateTimeField):
    """A date-and-time field held to Grip's plausible range of moments."""

    default_validators = [validate_plausible_moment]
