"""The pick-up term of a signal, in working days (DOMAIN.md, "Early signalling: signals").

A signal is picked up *in time* when the local date (Europe/Amsterdam) of its pick-up is on or
before its *due date*: the date reached by counting the programme's term in working days
forward from the local date it was received, that day itself not counted. Screens, the digest
and the figures all ask this module, so the rule is written once.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from grip.workdays import working_days_after, working_days_between

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_PICKUP_WORKING_DAYS = 5


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(AMSTERDAM).date()


def due_on(received_at: dt.datetime, working_days: int) -> dt.date:
    """The last local date on which a pick-up is still in time."""
    return working_days_after(local_date(received_at), working_days)


def in_time(received_at: dt.datetime, picked_up_at: dt.datetime, working_days: int) -> bool:
    return local_date(picked_up_at) <= due_on(received_at, working_days)


def working_days_left(received_at: dt.datetime, working_days: int, today: dt.date) -> int:
    """Working days from ``today`` to the due date: 0 on the last day, negative once late."""
    return working_days_between(today, due_on(received_at, working_days))
