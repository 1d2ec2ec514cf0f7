"""Casework's panels on follow-up's pages. Follow-up's templates load these tags; follow-up's
code never imports casework (a lower app never imports a higher one)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from grip.casework.models import Breakthrough
from grip.casework.queries import open_breakthroughs, plan_gaps, versions_of
from grip.casework.rights import can_raise_breakthrough, can_read_plan, can_write_plan
from grip.followup.models import Trajectory

register = template.Library()


@register.inclusion_tag("casework/trajectory_panel.html", takes_context=True)
def plan_panel(context: template.Context, trajectory: Trajectory) -> dict[str, Any]:
    """The plan first on the trajectory page (current version), and its breakthroughs."""
    user = context["request"].user
    if not can_read_plan(user, trajectory):
        return {"shown": False}
    current = versions_of(trajectory).first()
    return {
        "shown": True,
        "trajectory": trajectory,
        "current": current,
        "today": timezone.localdate(),
        "can_write": can_write_plan(user, trajectory) and trajectory.is_open,
        "can_escalate": can_raise_breakthrough(user, trajectory) and trajectory.is_open,
        "breakthroughs": list(
            Breakthrough.objects.visible_to(user)
            .filter(trajectory=trajectory)
            .select_related("table")
        ),
    }


@register.inclusion_tag("casework/overview_panel.html", takes_context=True)
def overview_panel(context: template.Context, programmes: list[Any]) -> dict[str, Any]:
    """On the coordinator's overview: breakthroughs waiting for an answer, and how many open
    trajectories have no plan or a review date that has passed."""
    user = context["request"].user
    ids = [programme.pk for programme in programmes]
    return {
        "breakthroughs": list(open_breakthroughs(user, ids)),
        "gaps": plan_gaps(user, ids),
    }
