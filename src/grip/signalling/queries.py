"""Reads of signals, always through the scoped queryset (``Signal.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grip.network.models import Programme
from grip.signalling import terms
from grip.signalling.models import Signal, SignallingSettings, SignalState


def pickup_working_days(programme: Programme | int) -> int:
    """The programme's pick-up term in working days (its setting, or the default)."""
    programme_id = programme if isinstance(programme, int) else programme.pk
    found = SignallingSettings.objects.filter(programme_id=programme_id).first()
    return found.pickup_working_days if found else terms.DEFAULT_PICKUP_WORKING_DAYS


def visible_signals(user: Any) -> QuerySet[Signal]:
    return Signal.objects.visible_to(user).for_list()


def not_picked_up(user: Any, programme: Programme | None = None) -> QuerySet[Signal]:
    """The signals nobody picked up yet that the user may see, oldest first (the queue)."""
    signals = visible_signals(user).filter(state=SignalState.NEW)
    if programme is not None:
        signals = signals.filter(programme=programme)
    return signals.order_by("received_at", "pk")
