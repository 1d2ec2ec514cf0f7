"""Signals closed with result ``trajectory`` (``grip.signalling.dispatch``): the person's
trajectory in the programme is opened, or the one already open is joined, never a second one;
the signals are put on it.

A signal without a person opens a trajectory of its own: nothing says two such signals are
about the same person. Whoever closed the signals keeps sight of the trajectory: as its opener,
or through the ``signals_added`` event when they joined one (``TrajectoryQuerySet.visible_to``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.followup.actions import open_trajectory
from grip.followup.models import EventKind, Trajectory, TrajectoryEvent, TrajectoryStatus
from grip.people.models import Person
from grip.signalling.models import Signal


def trajectories_for_signals(signals: Sequence[Signal], actor: Any = None) -> list[Trajectory]:
    """Open or join, per (programme, person), and return the trajectories in signal order."""
    done: dict[tuple[int, int], Trajectory] = {}
    result: list[Trajectory] = []
    with transaction.atomic():
        for signal in signals:
            if signal.person_id is None:
                trajectory = _open(actor, signal)
            else:
                key = (signal.programme_id, signal.person_id)
                trajectory = done.get(key) or _open_or_join(actor, signal, signal.person_id)
                if key in done:
                    _join(actor, trajectory, signal)
                done[key] = trajectory
            result.append(trajectory)
    return result


def _open_or_join(actor: Any, signal: Signal, person_id: int) -> Trajectory:
    # Lock the person: two closings at the same moment must find each other's trajectory
    # rather than both opening one (a lock on a row that does not exist yet locks nothing).
    list(Person.objects.select_for_update().filter(pk=person_id).values_list("pk", flat=True))
    already = (
        Trajectory.objects.filter(
            programme_id=signal.programme_id,
            person_id=person_id,
            status=TrajectoryStatus.OPEN,
        )
        .order_by("opened_at", "pk")
        .first()
    )
    if already is None:
        return _open(actor, signal)
    _join(actor, already, signal)
    return already


def _open(actor: Any, signal: Signal) -> Trajectory:
    trajectory = open_trajectory(
        actor,
        programme=signal.programme,
        person=signal.person,
        incident=signal.incident,
        reason=_("Signaal %(number)s afgesloten met resultaat opvolgtraject.")
        % {"number": signal.number},
    )
    trajectory.signals.add(signal)
    return trajectory


def _join(actor: Any, trajectory: Trajectory, signal: Signal) -> None:
    if trajectory.signals.filter(pk=signal.pk).exists():
        return
    trajectory.signals.add(signal)
    TrajectoryEvent.objects.create(
        trajectory=trajectory,
        kind=EventKind.SIGNALS_ADDED,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=_("Signaal %(number)s toegevoegd aan het open traject.") % {"number": signal.number},
        data={"signal": signal.pk},
    )
    if getattr(actor, "is_authenticated", False):
        record(
            actor,
            AccessEventAction.UPDATE,
            programme=trajectory.programme,
            obj=trajectory,
            person_key=trajectory.person.display_key if trajectory.person else "",
            purpose="followup:signals-joined",
        )
