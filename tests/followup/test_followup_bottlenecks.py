"""Bottlenecks recorded during follow-up count in the learning agenda's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grip.followup import actions
from grip.followup.models import EventKind
from grip.learning.bottlenecks import bottlenecks, cases_per_bottleneck
from grip.people.recurrence import Scope
from tests.followup.helpers import a_trajectory, org, term

pytestmark = pytest.mark.django_db


def _last_month(programme) -> Scope:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return Scope(programme, today - dt.timedelta(days=30), today)


def test_a_holder_records_a_bottleneck_and_the_figures_count_it(persona, hotspot) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    held = a_trajectory(
        coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker
    )
    actions.record_bottleneck(worker, held, term("bottleneck", "no_bed"))
    assert held.events.filter(kind=EventKind.BOTTLENECK).exists()
    with pytest.raises(ValidationError):
        actions.record_bottleneck(worker, held, term("bottleneck", "no_bed"))  # once
    with pytest.raises(PermissionDenied):
        actions.record_bottleneck(persona("outsider"), held, term("bottleneck", "no_bed"))
    # Held without a case organisation it is derived as no_direction too: counted once.
    adrift = a_trajectory(coordinator, hotspot)
    actions.record_bottleneck(coordinator, adrift, term("bottleneck", "no_direction"))

    rows = bottlenecks(coordinator, _last_month(hotspot))
    counts = {row.term.code: row.trajectories for row in rows}
    assert counts["no_bed"] == 1
    assert counts["no_direction"] == 1
    assert cases_per_bottleneck(rows)["no_bed"] == [f"t:{held.pk}"]


def test_the_trajectory_page_records_a_bottleneck(persona, hotspot, client_for) -> None:
    worker = persona("followup_worker")
    held = a_trajectory(
        persona("coordinator"), hotspot, case_organisation=org("wij-groningen"), case_holder=worker
    )
    url = reverse("followup:trajectory_action", args=[held.pk, "bottleneck"])
    client = client_for("followup_worker")
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"term": term("bottleneck", "no_bed").pk}).status_code == 302
    assert held.bottlenecks.get().term.code == "no_bed"
