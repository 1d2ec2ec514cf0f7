"""The learning cycles of a programme as periods, for pickers elsewhere (the monitor's
comparison)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from grip.learning.planning import cycles_of
from grip.network.models import Programme


class CyclePeriod(NamedTuple):
    label: str  # e.g. "Leercyclus 1"
    date_from: dt.date
    date_to: dt.date


def learning_cycle_periods(programme: Programme) -> list[CyclePeriod]:
    """The programme's learning cycles in order (preparation and final evaluation too, under
    their phase name); empty until cycles are recorded."""
    return [CyclePeriod(c.label, c.starts_on, c.ends_on) for c in cycles_of(programme)]
