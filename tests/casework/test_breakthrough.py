from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grip.casework import actions
from grip.casework.figures import breakthrough_counts
from grip.casework.models import Breakthrough
from tests.casework.helpers import a_plan, a_table, held_trajectory

pytestmark = pytest.mark.django_db


def test_the_holder_escalates_and_the_overview_shows_it_until_answered(
    client_for, persona, hotspot
) -> None:
    table = a_table(persona("coordinator"), hotspot)
    trajectory = held_trajectory(persona, hotspot)
    raised = client_for("followup_worker").post(
        reverse("casework:breakthrough_new", args=[trajectory.pk]),
        {"table": table.pk, "reason": "Geen bed, geen aangifte: niemand neemt het op."},
    )
    assert raised.status_code == 302
    breakthrough = Breakthrough.objects.get(trajectory=trajectory)
    coordinator = client_for("coordinator")
    overview = coordinator.get(reverse("followup:overview")).content.decode()
    assert "Doorbraken die wachten op een besluit" in overview
    assert reverse("casework:breakthrough_detail", args=[breakthrough.pk]) in overview
    answered = coordinator.post(
        reverse("casework:breakthrough_detail", args=[breakthrough.pk]),
        {"answer": "Gemeente regelt een bed via de ZVH-route."},
    )
    assert answered.status_code == 302
    breakthrough.refresh_from_db()
    assert not breakthrough.is_open
    assert breakthrough.answered_by == persona("coordinator")
    overview = coordinator.get(reverse("followup:overview")).content.decode()
    assert reverse("casework:breakthrough_detail", args=[breakthrough.pk]) not in overview
    with pytest.raises(ValidationError):
        actions.answer_breakthrough(persona("coordinator"), breakthrough, answer="Nogmaals")


def test_only_a_table_with_mandate_and_only_who_steers(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    trajectory = held_trajectory(persona, hotspot)
    plain = a_table(coordinator, hotspot, "OGGz-overleg Centrum", mandate=False)
    with pytest.raises(ValidationError):
        actions.raise_breakthrough(coordinator, trajectory, table=plain, reason="Vast")
    table = a_table(coordinator, hotspot)
    with pytest.raises(ValidationError):
        actions.raise_breakthrough(coordinator, trajectory, table=table, reason="  ")
    for name in ("police_officer", "triage_nurse", "peer_expert"):
        with pytest.raises(PermissionDenied):
            actions.raise_breakthrough(persona(name), trajectory, table=table, reason="Vast")
    breakthrough = actions.raise_breakthrough(
        persona("followup_worker"), trajectory, table=table, reason="Vast"
    )
    with pytest.raises(PermissionDenied):
        actions.answer_breakthrough(persona("followup_worker"), breakthrough, answer="Zelf")


def test_breakthroughs_are_counted_per_period(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    table = a_table(coordinator, hotspot)
    today = timezone.localdate()
    first = actions.raise_breakthrough(
        coordinator, held_trajectory(persona, hotspot), table=table, reason="Vast"
    )
    actions.raise_breakthrough(
        coordinator, held_trajectory(persona, hotspot), table=table, reason="Ook vast"
    )
    actions.answer_breakthrough(coordinator, first, answer="Opgelost")
    assert breakthrough_counts(hotspot.pk, today, today) == {"raised": 2, "answered": 1, "open": 1}
    earlier = today - dt.timedelta(days=10)
    assert breakthrough_counts(hotspot.pk, earlier, today - dt.timedelta(days=1))["raised"] == 0


def test_the_overview_flags_missing_plans_and_late_reviews(client_for, persona, hotspot) -> None:
    worker = persona("followup_worker")
    held_trajectory(persona, hotspot)  # no plan
    late = held_trajectory(persona, hotspot)
    a_plan(worker, late)
    from grip.casework.models import Plan

    Plan.objects.filter(trajectory=late).update(
        review_on=timezone.localdate() - dt.timedelta(days=1)
    )
    page = client_for("coordinator").get(reverse("followup:overview")).content.decode()
    assert "Plan ontbreekt bij 1 open traject" in page
    assert "evaluatie over tijd bij 1 plan" in page


def test_overview_queries_do_not_grow_with_breakthroughs(
    client_for, persona, hotspot, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    table = a_table(coordinator, hotspot)
    actions.raise_breakthrough(
        coordinator, held_trajectory(persona, hotspot), table=table, reason="Vast"
    )
    client = client_for("coordinator")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("followup:overview"))
    for _ in range(6):
        actions.raise_breakthrough(
            coordinator, held_trajectory(persona, hotspot), table=table, reason="Vast"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("followup:overview")).status_code == 200
