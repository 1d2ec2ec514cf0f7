"""The piece of work an asking belongs to: a follow-up trajectory or an early signal. Both
have a programme and a person; who may work on them is each app's own rule."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from grip.access.policy import SignalRight
from grip.access.scoping import get_visible_or_404
from grip.followup.models import Trajectory
from grip.followup.rights import can_work_in
from grip.people.models import Person
from grip.signalling.models import Signal
from grip.signalling.rights import can as signal_can

Work = Trajectory | Signal
KINDS = ("traject", "signaal")


def kind_of(work: Work) -> str:
    return "traject" if isinstance(work, Trajectory) else "signaal"


def visible_work(user: Any, kind: str, pk: int) -> Work:
    """The trajectory or signal, if the user may see it; 404 otherwise."""
    found: Work
    if kind == "traject":
        found = get_visible_or_404(Trajectory.objects.visible_to(user), pk=pk)
    elif kind == "signaal":
        found = get_visible_or_404(Signal.objects.visible_to(user), pk=pk)
    else:
        raise Http404
    if found.person_id is None:
        raise Http404  # nobody's key to store answers on
    return found


def may_work_on(user: Any, work: Work) -> bool:
    """May record on it: the trajectory's working right, or the signal's."""
    if isinstance(work, Trajectory):
        return can_work_in(user, work)
    return signal_can(user, SignalRight.WORK, work.programme_id)


def person_of(work: Work) -> Person:
    """The person the work is about (``visible_work`` refuses work without one)."""
    if work.person is None:
        raise Http404
    return work.person


def work_fields(work: Work) -> dict[str, Any]:
    """The foreign keys an answer or link gets from its work."""
    if isinstance(work, Trajectory):
        return {"trajectory": work, "signal": None}
    return {"trajectory": None, "signal": work}
