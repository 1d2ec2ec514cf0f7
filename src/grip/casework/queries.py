"""Reads of casework, always through the scoped querysets."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from grip.casework.models import Breakthrough, Conference, Plan, PlanVersion
from grip.followup.models import Trajectory, TrajectoryStatus


def versions_of(trajectory: Trajectory) -> models.QuerySet[PlanVersion]:
    """Every version of the trajectory's plan, newest first, with their goals and agreements
    (a fixed number of queries however many versions)."""
    return (
        PlanVersion.objects.filter(plan__trajectory=trajectory)
        .select_related("by", "decision__item__conference__table")
        .prefetch_related("goals__life_domain", "agreements__owner")
    )


def conferences_for(user: Any) -> models.QuerySet[Conference]:
    return (
        Conference.objects.visible_to(user)
        .select_related("table__programme")
        .prefetch_related("participants")
        .annotate(agenda_size=models.Count("items", distinct=True))
        .order_by("-held_on", "-id")
    )


def open_breakthroughs(user: Any, programme_ids: list[int]) -> models.QuerySet[Breakthrough]:
    return (
        Breakthrough.objects.visible_to(user)
        .filter(answered_at__isnull=True, trajectory__programme__in=programme_ids)
        .select_related("table", "trajectory__person", "trajectory__programme", "raised_by")
        .order_by("raised_at")
    )


def plan_gaps(user: Any, programme_ids: list[int]) -> dict[str, int]:
    """Open trajectories without a plan, and with a review date passed: two counts in one
    query, for the coordinator's overview."""
    today = timezone.localdate()
    open_ones = Trajectory.objects.visible_to(user).filter(
        status=TrajectoryStatus.OPEN, programme__in=programme_ids
    )
    counts = open_ones.aggregate(
        without_plan=models.Count("pk", filter=models.Q(plan__isnull=True)),
        review_late=models.Count("pk", filter=models.Q(plan__review_on__lt=today)),
    )
    return {key: value or 0 for key, value in counts.items()}


def visible_plan_ids(user: Any, trajectory_ids: list[int]) -> set[int]:
    """Of these trajectories, those whose plan the user may read."""
    return set(
        Plan.objects.visible_to(user)
        .filter(trajectory__in=trajectory_ids)
        .values_list("trajectory_id", flat=True)
    )
