"""Monthly signals for the dashboard: received, picked up in time, results (and open), per
local calendar month (Europe/Amsterdam) of receipt, by the same definitions as the factsheet's
``signals`` part with the month as the period (``signal_indicators``).

Two grouped queries (plus the vocabulary and the pick-up terms): the counts per month in one,
and the pick-ups per (programme, day received, day picked up) in the other, judged against the
pick-up term in Python and added up per month of receipt.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from grip.monitor.signal_indicators import in_time, pickups_by_day, signals_in
from grip.people.recurrence import Scope
from grip.signalling.models import SignalState
from grip.vocab.models import Term, Vocabulary

Month = tuple[int, int]


@dataclass
class SignalMonth:
    received: int = 0
    in_time: int = 0
    open: int = 0
    results: dict[str, int] = field(default_factory=dict)  # every result code

    @property
    def in_time_share(self) -> float | None:
        return self.in_time / self.received if self.received else None


def result_codes() -> list[tuple[str, str, int]]:
    """Every result code with its label and term id, in the vocabulary's order."""
    return list(
        Term.objects.of(Vocabulary.SIGNAL_RESULT)
        .order_by("position", "code")
        .values_list("code", "label", "pk")
    )


def signal_months(scope: Scope, codes: list[tuple[str, str, int]]) -> dict[Month, SignalMonth]:
    """Per month (year, month) of receipt with any signal; months without are left out."""
    signals = signals_in(scope)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    closed = Q(state=SignalState.CLOSED)
    aggregates: dict[str, Any] = {
        "received": Count("pk"),
        "open": Count("pk", filter=~closed),
        **{f"result_{code}": Count("pk", filter=closed & Q(result_id=pk)) for code, _, pk in codes},
    }
    # Rows of plain values (the stubs would read them as holding only y and m).
    grouped: Any = (
        signals.annotate(
            y=ExtractYear("received_at", tzinfo=zone), m=ExtractMonth("received_at", tzinfo=zone)
        )
        .order_by()
        .values("y", "m")
        .annotate(**aggregates)
    )
    months: dict[Month, SignalMonth] = {}
    for found in grouped:
        months[(found["y"], found["m"])] = SignalMonth(
            received=found["received"],
            open=found["open"],
            results={code: found[f"result_{code}"] for code, _, _ in codes},
        )
    if months:
        for received_on, n in in_time(pickups_by_day(signals)):
            month = months.get((received_on.year, received_on.month))
            if month is not None:
                month.in_time += n
    return months
