"""Casework and sharing records end with the case file and the person (docs/retention.md)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from grip.casework import actions
from grip.casework.models import AgendaItem, Breakthrough, Decision, Goal, Plan, PlanVersion
from grip.followup import actions as followup
from grip.followup.models import Trajectory
from grip.sharing.models import SharingRecord
from tests.casework.helpers import a_conference, a_plan, a_table
from tests.followup.helpers import org, term
from tests.retention.world import MARCH, NOW, build

pytestmark = pytest.mark.django_db


def test_an_expired_case_file_takes_its_casework_and_sharing_records_along(
    persona, hotspot
) -> None:
    world = build(persona, hotspot)
    coordinator = persona("coordinator")
    trajectory = world.alfa_trajectory
    with time_machine.travel(MARCH + dt.timedelta(days=6), tick=False):
        plan_only = world.charlie_trajectory  # still open: its casework stays
        a_plan(coordinator, plan_only)
        conference = a_conference(coordinator, a_table(coordinator, hotspot))
        item = actions.put_on_agenda(coordinator, conference, world.charlie_trajectory)
        actions.record_decision(coordinator, item, text="Blijft in beeld.")
        followup.request_handover(
            coordinator, world.charlie_trajectory, followup.DirectionKind.CASE, org("lentis"),
            "Synthetisch", legal_basis=term("legal_basis", "consent"),
        )  # fmt: skip
    # Alfa's trajectory: plan, agenda, decision, breakthrough and a hand-over's ground, all
    # written before it closed (the world closes it in June 2026).
    with time_machine.travel(MARCH + dt.timedelta(days=7), tick=False):
        # The world closed it already; open it again for this history (no action reopens
        # a closure in the past).
        Trajectory.objects.filter(pk=trajectory.pk).update(status="open", closed_at=None)
        trajectory.refresh_from_db()
        a_plan(coordinator, trajectory)
        alfa_item = actions.put_on_agenda(coordinator, conference, trajectory)
        actions.record_decision(
            coordinator, alfa_item, text="Nieuwe afspraak.",
            agreement=actions.AgreementLine("Bellen", org("lentis"), dt.date(2026, 4, 1)),
        )  # fmt: skip
        actions.raise_breakthrough(coordinator, trajectory, table=conference.table, reason="Vast")
        followup.request_handover(
            coordinator, trajectory, followup.DirectionKind.CASE, org("lentis"), "Synthetisch",
            legal_basis=term("legal_basis", "wmo_2015"),
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        followup.close_trajectory(
            coordinator, trajectory, reason=term("closure_reason", "stabilised")
        )
    assert SharingRecord.objects.filter(person=world.alfa).exists()

    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge", stdout=out)

    assert not Plan.objects.filter(trajectory=trajectory).exists()
    assert not PlanVersion.objects.filter(plan__trajectory=trajectory).exists()
    assert not AgendaItem.objects.filter(trajectory=trajectory).exists()
    assert not Breakthrough.objects.filter(trajectory=trajectory).exists()
    assert not SharingRecord.objects.filter(person_id=world.alfa.pk).exists()
    assert not type(world.alfa).objects.filter(pk=world.alfa.pk).exists()  # Alfa went entirely
    # Charlie's trajectory is open: its plan, agenda, decision and grounds stay.
    assert Plan.objects.filter(trajectory=world.charlie_trajectory).exists()
    assert Goal.objects.filter(version__plan__trajectory=world.charlie_trajectory).exists()
    assert Decision.objects.filter(item__trajectory=world.charlie_trajectory).exists()
    assert SharingRecord.objects.filter(person=world.charlie).exists()
    assert "plannen van aanpak verwijderd" in out.getvalue()
