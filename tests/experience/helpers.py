"""Building blocks for the experience tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from grip.followup.models import Task, Trajectory
from grip.network.models import Programme
from tests.followup.helpers import a_trajectory, org


def held_trajectory(persona: Any, programme: Programme) -> Trajectory:
    """A trajectory WIJ Groningen holds (the follow-up worker's), on which the peer expert of
    Inbegrepen owns a task: both work in it."""
    trajectory = a_trajectory(
        persona("coordinator"),
        programme,
        case_organisation=org("wij-groningen"),
        case_holder=persona("followup_worker"),
    )
    Task.objects.create(
        trajectory=trajectory,
        title="Ervaringsgesprek",
        owner=persona("peer_expert"),
        due_on=timezone.localdate() + dt.timedelta(days=7),
        created_by=persona("coordinator"),
    )
    return trajectory


def person_answers(**overrides: Any) -> dict[str, Any]:
    """A filled-in form for the person: items 2,4,3,5,2 (score 18), home 7, buurt 6."""
    data = {
        "status": "answered",
        "mastery_1": "2",
        "mastery_2": "4",
        "mastery_3": "3",
        "mastery_4": "5",
        "mastery_5": "2",
        "safety_home": "7",
        "safety_neighbourhood": "6",
    }
    return {**data, **overrides}
