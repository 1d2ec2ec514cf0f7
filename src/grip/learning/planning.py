"""The Hotspot's published planning as learning cycles, and the current cycle of a programme.

The planning (project plan "Hotspot - Planning") names quarters, not dates:

    Q3 2024        Voorbereiding, processen en werving
    Q4 2024        Uitvoering plan A & leercyclus 1
    Eind Q1 2025   Doorontwikkeling en leercyclus 2
    Q4 2025        Doorontwikkeling en uitbreiding & leercyclus 3
    Eind Q1 2026   Doorontwikkeling & leercyclus 4
    Q4 2026        Eindevaluatie & borging

We read it as contiguous periods: each starts on the first day of its quarter ("eind Q1" on
1 March) and runs to the day before the next one starts; the final evaluation runs to the end
of the pilot (31 December 2026). A coordinator can correct the dates on the cycles page.
Loaded by ``manage.py load_learning_cycles`` and by the demo; never overwrites edited cycles.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from grip.learning.models import LearningCycle, Phase
from grip.network.models import Programme

D = dt.date


class PlannedCycle(NamedTuple):
    number: int | None
    phase: Phase
    description: str
    starts_on: dt.date
    ends_on: dt.date


HOTSPOT_PLANNING = (
    PlannedCycle(None, Phase.PREPARATION, "Voorbereiding, processen en werving",
                 D(2024, 7, 1), D(2024, 9, 30)),
    PlannedCycle(1, Phase.EXECUTION, "Uitvoering plan A", D(2024, 10, 1), D(2025, 2, 28)),
    PlannedCycle(2, Phase.FURTHER_DEVELOPMENT, "Doorontwikkeling", D(2025, 3, 1),
                 D(2025, 9, 30)),
    PlannedCycle(3, Phase.FURTHER_DEVELOPMENT, "Doorontwikkeling en uitbreiding",
                 D(2025, 10, 1), D(2026, 2, 28)),
    PlannedCycle(4, Phase.FURTHER_DEVELOPMENT, "Doorontwikkeling", D(2026, 3, 1),
                 D(2026, 9, 30)),
    PlannedCycle(None, Phase.FINAL_EVALUATION, "Eindevaluatie en borging", D(2026, 10, 1),
                 D(2026, 12, 31)),
)  # fmt: skip

PLANNINGS = {"groninger-hotspot": HOTSPOT_PLANNING}


def load_planned_cycles() -> int:
    """Create the published cycles of each programme that has none yet; return how many."""
    created = 0
    with transaction.atomic():
        for slug, planning in PLANNINGS.items():
            programme = Programme.objects.filter(slug=slug).first()
            if programme is None or LearningCycle.objects.filter(programme=programme).exists():
                continue
            LearningCycle.objects.bulk_create(
                LearningCycle(programme=programme, **planned._asdict()) for planned in planning
            )
            created += len(planning)
    return created


def cycles_of(programme: Programme | int) -> list[LearningCycle]:
    return list(LearningCycle.objects.filter(programme=programme).order_by("starts_on", "id"))


def current_cycle(programme: Programme | int, today: dt.date | None = None) -> LearningCycle | None:
    """The cycle whose period holds today (Europe/Amsterdam), if any."""
    today = today or timezone.localdate()
    return (
        LearningCycle.objects.filter(programme=programme, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on")
        .first()
    )
