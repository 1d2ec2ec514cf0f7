"""The demo's network entries and named holders (issue 17): some Hotspot persons with open
follow-up get a naaste and an involved professional, and the follow-up worker holds case
direction by name in part of WIJ's trajectories. Deterministic and idempotent."""

from __future__ import annotations

import random
from typing import Any

from grip.followup.actions import take_case_direction
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.network.models import Organisation, Programme
from grip.people.network import NetworkEntry
from grip.people.network_actions import add_entry

SHARE_WITH_NETWORK = 0.5
SHARE_HELD_BY_NAME = 0.6
NAASTEN = (("zus", "yes"), ("buurman", "unknown"), ("vader", "no"), ("vriendin", "yes"))


def generate_demo_network(worker: Any) -> int:
    """Network entries for open Hotspot work; return how many entries were added."""
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    if NetworkEntry.objects.filter(programme=hotspot).exists():
        return 0
    lentis = Organisation.objects.get(slug="lentis")
    made = 0
    open_work = Trajectory.objects.filter(
        programme=hotspot, status=TrajectoryStatus.OPEN, person__isnull=False
    ).select_related("person", "programme", "case_organisation")
    for trajectory in open_work.order_by("pk"):
        rng = random.Random(f"network-{trajectory.pk}")
        person = trajectory.person
        assert person is not None
        if rng.random() < SHARE_WITH_NETWORK:
            relationship, consent = rng.choice(NAASTEN)
            add_entry(
                worker, person, programme=hotspot, kind="naaste", relationship=relationship,
                reach="Synthetisch: via de betrokkene", consent_to_contact=consent,
            )  # fmt: skip
            add_entry(
                worker, person, programme=hotspot, kind="professional",
                relationship="ambulant begeleider", organisation=lentis,
                reach="Synthetisch: via het aanspreekpunt van Lentis",
            )  # fmt: skip
            made += 2
        if (
            trajectory.case_holder_id is None
            and trajectory.case_organisation is not None
            and trajectory.case_organisation.slug == "wij-groningen"
            and rng.random() < SHARE_HELD_BY_NAME
        ):
            take_case_direction(worker, trajectory)
    return made
