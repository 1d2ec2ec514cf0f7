"""The queue of signals nobody has picked up yet, and where their pick-up term stands.

Reads only: the screens, the coordinator's overview and the daily digest ask this module which
new signals wait and how many working days each has left, so that they all say the same.
The term itself is ``terms.py``'s (the programme's ``SignallingSettings.pickup_working_days``,
5 working days by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grip.signalling.models import Signal, SignallingSettings, SignalState
from grip.signalling.terms import DEFAULT_PICKUP_WORKING_DAYS, due_on
from grip.vocab.models import Term
from grip.workdays import working_days_between

# A new signal is flagged (overview, digest) from the last working day but one of its term.
FLAG_FROM_DAYS_LEFT = 1


@dataclass(frozen=True)
class PickupTerm:
    """Where a new signal's pick-up term stands on ``today``."""

    due_on: dt.date
    today: dt.date

    @property
    def passed(self) -> bool:
        return self.today > self.due_on

    @property
    def days_left(self) -> int:
        """Working days after today up to and including the due date; negative once late."""
        return working_days_between(self.today, self.due_on)

    @property
    def flagged(self) -> bool:
        """About to pass (the last day, or one working day left) or passed."""
        return self.passed or self.days_left <= FLAG_FROM_DAYS_LEFT

    @property
    def level(self) -> str:
        """For the screen's colour: ``late``, ``due`` (flagged, not yet late) or ``ok``."""
        if self.passed:
            return "late"
        return "due" if self.flagged else "ok"

    @property
    def phrase(self) -> str:
        """ "nog 3 werkdagen", "vandaag de laatste dag", "2 werkdagen te laat"."""
        if self.passed:
            late = -self.days_left
            if late <= 0:  # the term ended on the working day before a weekend or holiday
                return _("termijn verstreken")
            return ngettext("%(count)d werkdag te laat", "%(count)d werkdagen te laat", late) % {
                "count": late
            }
        left = self.days_left
        if left == 0:
            return _("vandaag de laatste dag")
        return ngettext("nog %(count)d werkdag", "nog %(count)d werkdagen", left) % {"count": left}


def pickup_days(programme_ids: Iterable[int]) -> dict[int, int]:
    """The pick-up term in working days per programme (the default where none is set)."""
    ids = sorted(set(programme_ids))
    found = dict(
        SignallingSettings.objects.filter(programme__in=ids).values_list(
            "programme_id", "pickup_working_days"
        )
    )
    return {pid: found.get(pid, DEFAULT_PICKUP_WORKING_DAYS) for pid in ids}


def term_of(signal: Signal, working_days: int, today: dt.date) -> PickupTerm:
    return PickupTerm(due_on(signal.received_at, working_days), today)


def for_queue(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """What a queue row shows, in one query per relation: no notes are loaded at all."""
    return (
        signals.select_related("programme", "source", "municipality", "area", "person")
        .prefetch_related(Prefetch("concerns", queryset=Term.objects.order_by("position", "code")))
        .defer("notes")
    )


def waiting(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """The new signals among ``signals`` (already scoped by the caller), oldest first."""
    return for_queue(signals.filter(state=SignalState.NEW)).order_by("received_at", "id")


def mine(signals: QuerySet[Signal], user: Any) -> QuerySet[Signal]:
    """The open signals the user picked up, the longest-held first."""
    return for_queue(signals.filter(state=SignalState.PICKED_UP, picked_up_by_id=user.pk)).order_by(
        "picked_up_at", "id"
    )


def with_terms(signals: Iterable[Signal], today: dt.date) -> list[tuple[Signal, PickupTerm]]:
    """Each signal with its term (one settings query for all programmes in the list)."""
    rows = list(signals)
    days = pickup_days(signal.programme_id for signal in rows)
    return [(signal, term_of(signal, days[signal.programme_id], today)) for signal in rows]


def flagged(signals: QuerySet[Signal], today: dt.date) -> list[tuple[Signal, PickupTerm]]:
    """The new signals among ``signals`` whose term is about to pass or has passed, oldest
    first. Only new signals older than the shortest term less a week can be flagged, so the
    rest are never loaded."""
    new = signals.filter(state=SignalState.NEW)
    programme_ids = set(new.values_list("programme_id", flat=True).distinct())
    if not programme_ids:
        return []
    shortest = min(pickup_days(programme_ids).values())
    # due_on is at least ``shortest`` calendar days after receipt, and a flag starts at most
    # a week before it (one working day left, across a weekend and holidays).
    latest = dt.datetime.combine(
        today - dt.timedelta(days=shortest) + dt.timedelta(days=7), dt.time.max
    ).replace(tzinfo=dt.UTC)
    candidates = waiting(new.filter(received_at__lte=latest))
    return [(s, term) for s, term in with_terms(candidates, today) if term.flagged]
