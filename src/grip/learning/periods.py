"""The learning cycles of a programme as periods, for pickers elsewhere (the monitor's
comparison). Interface only for now: the learning app (issue 7) fills it from its cycles."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from grip.network.models import Programme


class CyclePeriod(NamedTuple):
    label: str  # e.g. "Leercyclus 1"
    date_from: dt.date
    date_to: dt.date


def learning_cycle_periods(programme: Programme) -> list[CyclePeriod]:
    """The programme's learning cycles in order; empty until cycles are recorded."""
    return []
