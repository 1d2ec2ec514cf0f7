"""Learning cycles: the Hotspot's planning, the periods interface, the cycles form."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse

from grip.learning.models import LearningCycle, Phase
from grip.learning.periods import CyclePeriod, learning_cycle_periods
from grip.learning.planning import current_cycle, load_planned_cycles

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_hotspot_planning_loads_once(hotspot) -> None:
    assert learning_cycle_periods(hotspot) == []
    call_command("load_learning_cycles", stdout=None)
    assert load_planned_cycles() == 0  # idempotent
    periods = learning_cycle_periods(hotspot)
    assert periods[0] == CyclePeriod("Voorbereiding", D(2024, 7, 1), D(2024, 9, 30))
    assert [p.label for p in periods[1:5]] == [f"Leercyclus {n}" for n in (1, 2, 3, 4)]
    assert periods[1].date_from == D(2024, 10, 1)  # Q4 2024
    assert periods[4].date_from == D(2026, 3, 1)  # end of Q1 2026
    assert periods[-1] == CyclePeriod("Eindevaluatie en borging", D(2026, 10, 1), D(2026, 12, 31))
    # Contiguous: every period starts the day after the previous one ends.
    for before, after in itertools.pairwise(periods):
        assert after.date_from == before.date_to + dt.timedelta(days=1)
    assert current_cycle(hotspot, D(2025, 11, 1)).number == 3  # type: ignore[union-attr]
    assert current_cycle(hotspot, D(2027, 1, 1)) is None


def test_the_coordinator_maintains_the_cycles(client_for, hotspot) -> None:
    load_planned_cycles()
    client = client_for("coordinator")
    cycle = LearningCycle.objects.get(programme=hotspot, number=4)
    url = reverse("learning:cycle_edit", args=["groninger-hotspot", cycle.pk])
    data = {"number": "4", "phase": Phase.FURTHER_DEVELOPMENT, "description": "Verlengd",
            "starts_on": "2026-03-01", "ends_on": "2026-10-15"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.description, cycle.ends_on) == ("Verlengd", D(2026, 10, 15))
    # A number twice, or an end before the start, is refused next to the field.
    page = client.post(url, data | {"number": "3"})
    assert page.status_code == 400
    assert "Deze leercyclus bestaat al." in page.content.decode()
    page = client.post(url, data | {"ends_on": "2026-01-01"})
    assert page.status_code == 400
    assert not LearningCycle.objects.filter(ends_on=D(2026, 1, 1)).exists()
    new = reverse("learning:cycle_new", args=["groninger-hotspot"])
    data = {"number": "5", "phase": Phase.FURTHER_DEVELOPMENT, "description": "Extra",
            "starts_on": "2027-01-01", "ends_on": "2027-03-31"}  # fmt: skip
    assert client.post(new, data).status_code == 302
    assert LearningCycle.objects.filter(programme=hotspot, number=5).exists()
