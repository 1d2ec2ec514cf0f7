"""The data migration 0007 on demo-like data: today's parallel open trajectories per person
and programme become one, with their work moved and their history kept."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from grip.followup import actions
from grip.followup.models import (
    Contact,
    DirectionKind,
    EventKind,
    Handover,
    HandoverStatus,
    Task,
    Trajectory,
    TrajectoryMerge,
    TrajectoryStatus,
)
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import org, term

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "grip.followup.migrations.0007_merge_parallel_open_trajectories"
)


def _without_the_constraint() -> None:
    # The data as it was before 0008: the constraint is a unique index on both backends;
    # the test's transaction gives it back.
    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "one_open_trajectory_per_person"')


def _parallel_world(coordinator, hotspot, persons: int, each: int) -> list[list[Trajectory]]:
    groups = []
    for _ in range(persons):
        person = PersonFactory(programmes=[hotspot])
        group = []
        for _n in range(each):
            incident = IncidentFactory(
                programme=hotspot, person=person, reported_at=timezone.now() - dt.timedelta(days=3)
            )
            group.append(
                Trajectory.objects.create(
                    programme=hotspot,
                    person=person,
                    incident=incident,
                    ave_level=2,
                    case_organisation=org("wij-groningen"),
                )
            )
        groups.append(group)
    return groups


def test_the_migration_merges_parallel_trajectories(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    _without_the_constraint()
    groups = _parallel_world(coordinator, hotspot, persons=3, each=3)
    oldest, middle, newest = groups[0]
    contact = actions.add_contact(
        coordinator, newest, at=timezone.now(), kind=term("contact_kind", "phone"),
        with_whom="person", partner=None, with_peer_expert=False, activities=[],
        result="Synthetisch.", by_organisation=None,
    )  # fmt: skip
    task = actions.add_task(
        coordinator, middle, title="Bellen", owner=coordinator, due_on=timezone.localdate()
    )
    pending = actions.request_handover(
        coordinator, middle, DirectionKind.CASE, org("lentis"), "Synthetisch."
    )
    loose = actions.open_trajectory(
        coordinator, programme=hotspot, person=None, incident=IncidentFactory(person=None)
    )
    alone = actions.open_trajectory(
        coordinator, programme=hotspot, person=PersonFactory(programmes=[hotspot]),
        incident=IncidentFactory(),
    )  # fmt: skip

    migration.merge_parallel(apps, None)

    for group in groups:
        survivor = group[0]
        assert list(
            Trajectory.objects.filter(person=survivor.person, status=TrajectoryStatus.OPEN)
        ) == [survivor]
        for absorbed in group[1:]:
            absorbed.refresh_from_db()
            assert absorbed.status == TrajectoryStatus.CLOSED
            assert absorbed.events.filter(kind=EventKind.MERGED_INTO).exists()
            assert absorbed.incident in survivor.joined_incidents.all()
    assert Contact.objects.get(pk=contact.pk).trajectory == oldest
    assert Task.objects.get(pk=task.pk).trajectory == oldest
    assert Handover.objects.get(pk=pending.pk).status == HandoverStatus.DECLINED  # lapsed
    assert TrajectoryMerge.objects.count() == 6
    assert Trajectory.objects.get(pk=loose.pk).is_open
    assert Trajectory.objects.get(pk=alone.pk).is_open
    # Running it again changes nothing; the constraint can be added.
    migration.merge_parallel(apps, None)
    assert TrajectoryMerge.objects.count() == 6
