"""Parallel open trajectories of one person made one, and undone.

The rule "one open trajectory per person per programme" is kept by ``actions.open_trajectory``
and a partial unique constraint. Work that arrived before the rule (and work that meets
around it, e.g. when two persons are merged in ``grip.people.linking``) leaves parallel open
trajectories; a coordinator merges them here, the data migration merged what existed.

A merge closes the absorbed trajectory (its events stay: history is kept) and moves what it
held to the survivor: contacts, tasks and answered hand-overs move (a pending hand-over lapses,
as on closing); signals, responses and reports are linked to the survivor as well. ``moved``
records exactly which rows moved or were linked, so that ``undo_merge`` moves back those only.

``move_work`` takes the model classes, so that the data migration runs the same code with
its historical models.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.followup.models import (
    Contact,
    EventKind,
    Handover,
    Task,
    Trajectory,
    TrajectoryEvent,
    TrajectoryMerge,
    TrajectoryStatus,
)
from grip.followup.rights import is_coordinator, require
from grip.people.models import Person


def move_work(
    trajectory_model: type[models.Model],
    contact_model: type[models.Model],
    task_model: type[models.Model],
    handover_model: type[models.Model],
    survivor: Any,
    absorbed: Any,
) -> dict[str, list[int]]:
    """Move or link what ``absorbed`` holds to ``survivor``; return what moved, by kind."""
    now = timezone.now()
    moved: dict[str, list[int]] = {}
    for key, model in (("contacts", contact_model), ("tasks", task_model)):
        rows = model.objects.filter(trajectory_id=absorbed.pk)  # type: ignore[attr-defined]
        moved[key] = sorted(rows.values_list("pk", flat=True))
        rows.update(trajectory_id=survivor.pk)
    handovers = handover_model.objects.filter(trajectory_id=absorbed.pk)  # type: ignore[attr-defined]
    pending = handovers.filter(status="pending")
    moved["lapsed_handovers"] = sorted(pending.values_list("pk", flat=True))
    pending.update(status="declined", answered_at=now)
    answered = handovers.exclude(pk__in=moved["lapsed_handovers"])
    moved["handovers"] = sorted(answered.values_list("pk", flat=True))
    answered.update(trajectory_id=survivor.pk)

    def link(field: str, column: str, wanted: set[int], own: int | None) -> list[int]:
        through = getattr(trajectory_model, field).through
        have = set(through.objects.filter(trajectory_id=survivor.pk).values_list(column, flat=True))
        new = sorted(wanted - have - {own})
        through.objects.bulk_create(
            [through(trajectory_id=survivor.pk, **{column: pk}) for pk in new]
        )
        return new

    def current(field: str, column: str) -> set[int]:
        through = getattr(trajectory_model, field).through
        return set(through.objects.filter(trajectory_id=absorbed.pk).values_list(column, flat=True))

    responses = current("joined_responses", "response_id") | (
        {absorbed.response_id} if absorbed.response_id else set()
    )
    incidents = current("joined_incidents", "incident_id") | (
        {absorbed.incident_id} if absorbed.incident_id else set()
    )
    moved["signals"] = link("signals", "signal_id", current("signals", "signal_id"), None)
    moved["responses"] = link("joined_responses", "response_id", responses, survivor.response_id)
    moved["incidents"] = link("joined_incidents", "incident_id", incidents, survivor.incident_id)
    return moved


def _event(trajectory: Trajectory, kind: EventKind, actor: Any, why: str, **data: Any) -> None:
    TrajectoryEvent.objects.create(
        trajectory=trajectory, kind=kind, by=actor, reason=why[:500], data=data
    )


def _log(actor: Any, trajectory: Trajectory, purpose: str) -> None:
    record(
        actor,
        AccessEventAction.UPDATE,
        programme=trajectory.programme,
        obj=trajectory,
        person_key=trajectory.person.display_key if trajectory.person else "",
        purpose=purpose,
    )


def _required(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom.")})
    return reason.strip()


def parallel_for(user: Any) -> list[dict[str, Any]]:
    """Per (programme, person) in the programmes ``user`` coordinates: the open trajectories,
    where there is more than one. Two queries."""
    scoped = Trajectory.objects.visible_to(user).filter(
        status=TrajectoryStatus.OPEN, person__isnull=False
    )
    groups = (
        scoped.values("programme_id", "person_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("programme_id", "person_id")
    )
    pairs = {(p, q) for p, q in groups if is_coordinator(user, p)}
    if not pairs:
        return []
    rows = (
        scoped.filter(person_id__in=sorted({q for _p, q in pairs}))
        .for_list()
        .order_by("opened_at", "pk")
    )
    found: dict[tuple[int, int], list[Trajectory]] = {}
    for trajectory in rows:
        key = (trajectory.programme_id, trajectory.person_id)
        if key in pairs:
            found.setdefault(key, []).append(trajectory)
    return [
        {"programme": ts[0].programme, "person": ts[0].person, "trajectories": ts}
        for ts in found.values()
    ]


def without_person_for(user: Any) -> models.QuerySet[Trajectory]:
    """Open work without a known person in the programmes ``user`` coordinates."""
    from grip.access.grants import grants_for

    grants = grants_for(user)
    mine = [p for p in grants.programme_ids if is_coordinator(user, p)]
    return (
        Trajectory.objects.visible_to(user)
        .filter(status=TrajectoryStatus.OPEN, person__isnull=True, programme__in=sorted(mine))
        .for_list()
        .order_by("opened_at", "pk")
    )


def merges_for(user: Any) -> models.QuerySet[TrajectoryMerge]:
    from grip.access.grants import grants_for

    grants = grants_for(user)
    mine = [p for p in grants.programme_ids if is_coordinator(user, p)]
    return (
        TrajectoryMerge.objects.filter(survivor__programme__in=sorted(mine))
        .select_related("survivor__person", "survivor__programme", "absorbed", "by")
        .order_by("-at", "-id")
    )


def merge(actor: Any, survivor: Trajectory, absorbed: Trajectory, reason: str) -> TrajectoryMerge:
    """A coordinator makes two open trajectories of one person in one programme one."""
    why = _required(reason)
    with transaction.atomic():
        first, second = sorted([survivor.pk, absorbed.pk])
        locked = {
            t.pk: t for t in Trajectory.objects.select_for_update().filter(pk__in=[first, second])
        }
        survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
        require(is_coordinator(actor, survivor.programme_id))
        if survivor.pk == absorbed.pk or survivor.programme_id != absorbed.programme_id:
            raise ValidationError(_("Kies twee trajecten van hetzelfde programma."))
        if not (survivor.is_open and absorbed.is_open):
            raise ValidationError(_("Alleen open trajecten kunnen worden samengevoegd."))
        if absorbed.person_id is not None and absorbed.person_id != survivor.person_id:
            raise ValidationError(_("Deze trajecten gaan niet over dezelfde betrokkene."))
        done = _merge_locked(actor, survivor, absorbed, why)
        _log(actor, survivor, "followup:merge")
    return done


def _merge_locked(
    actor: Any, survivor: Trajectory, absorbed: Trajectory, why: str
) -> TrajectoryMerge:
    moved = move_work(Trajectory, Contact, Task, Handover, survivor, absorbed)
    absorbed.status = TrajectoryStatus.CLOSED
    absorbed.closed_at = timezone.now()
    absorbed.closure_text = (_("Samengevoegd met traject %(number)s.") % {"number": survivor.pk})[
        :500
    ]
    absorbed.save(update_fields=["status", "closed_at", "closure_text"])
    done = TrajectoryMerge.objects.create(
        survivor=survivor, absorbed=absorbed, moved=moved, reason=why, by=actor
    )
    _event(absorbed, EventKind.MERGED_INTO, actor, why, survivor=survivor.pk, merge=done.pk)
    _event(survivor, EventKind.MERGED, actor, why, absorbed=absorbed.pk, merge=done.pk)
    return done


def merge_for_persons(actor: Any, survivor: Person, absorbed: Person, reason: str) -> None:
    """Two persons become one (``grip.people.linking.merge``): where both have an open
    trajectory in a programme, the absorbed person's goes up in the survivor's (undoable here
    as any trajectory merge), before the person's rows move."""
    mine = {
        t.programme_id: t
        for t in Trajectory.objects.select_for_update().filter(
            person=survivor, status=TrajectoryStatus.OPEN
        )
    }
    theirs = Trajectory.objects.select_for_update().filter(
        person=absorbed, status=TrajectoryStatus.OPEN, programme_id__in=sorted(mine)
    )
    why = _("Betrokkenen samengevoegd: %(reason)s") % {"reason": reason}
    for trajectory in theirs:
        _merge_locked(actor, mine[trajectory.programme_id], trajectory, why)
        _log(actor, mine[trajectory.programme_id], "followup:merge-persons")


def link_person(actor: Any, trajectory: Trajectory, person: Person, reason: str) -> Trajectory:
    """Work that began without a known person gets one. When the person already has an open
    trajectory in the programme, this one joins it (a merge, undoable) instead."""
    why = _required(reason)
    with transaction.atomic():
        list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
        current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        require(is_coordinator(actor, current.programme_id))
        if current.person_id is not None or not current.is_open:
            raise ValidationError(_("Dit traject heeft al een betrokkene of is afgesloten."))
        already = Trajectory.objects.filter(
            programme_id=current.programme_id, person=person, status=TrajectoryStatus.OPEN
        ).first()
        if already is not None:
            _merge_locked(actor, already, current, why)
            _log(actor, already, "followup:link-person")
            return already
        current.person = person
        current.save(update_fields=["person"])
        person.programmes.add(current.programme)
        _event(current, EventKind.PERSON_LINKED, actor, why, person=person.display_key)
        _log(actor, current, "followup:link-person")
    return current


def undo_merge(actor: Any, done: TrajectoryMerge, reason: str) -> TrajectoryMerge:
    """Move back exactly what moved and reopen the absorbed trajectory. Two open lines of
    work for one person are what the rule forbids: when its person still has the survivor
    open, the reopened trajectory comes back without a person, listed to be linked again."""
    why = _required(reason)
    with transaction.atomic():
        done = TrajectoryMerge.objects.select_for_update().get(pk=done.pk)
        survivor = Trajectory.objects.select_for_update().get(pk=done.survivor_id)
        absorbed = Trajectory.objects.select_for_update().get(pk=done.absorbed_id)
        require(is_coordinator(actor, survivor.programme_id))
        if done.undone_at is not None:
            raise ValidationError(_("Dit samenvoegen is al ongedaan gemaakt."))
        if absorbed.is_open:
            raise ValidationError(_("Het opgegane traject is inmiddels weer open."))
        moved = done.moved
        Contact.objects.filter(pk__in=moved.get("contacts", []), trajectory=survivor).update(
            trajectory=absorbed
        )
        Task.objects.filter(pk__in=moved.get("tasks", []), trajectory=survivor).update(
            trajectory=absorbed
        )
        Handover.objects.filter(pk__in=moved.get("handovers", []), trajectory=survivor).update(
            trajectory=absorbed
        )
        survivor.signals.remove(*moved.get("signals", []))
        survivor.joined_responses.remove(*moved.get("responses", []))
        survivor.joined_incidents.remove(*moved.get("incidents", []))
        clash = (
            absorbed.person_id is not None
            and Trajectory.objects.filter(
                programme_id=absorbed.programme_id,
                person_id=absorbed.person_id,
                status=TrajectoryStatus.OPEN,
            ).exists()
        )
        detached = absorbed.person.display_key if clash and absorbed.person else ""
        absorbed.status = TrajectoryStatus.OPEN
        absorbed.closed_at = None
        absorbed.closure_text = ""
        fields = ["status", "closed_at", "closure_text"]
        if clash:
            absorbed.person = None
            fields.append("person")
        absorbed.save(update_fields=fields)
        done.undone_at = timezone.now()
        done.undone_by = actor
        done.undo_reason = why
        done.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        _event(absorbed, EventKind.MERGE_UNDONE, actor, why, merge=done.pk, detached=detached)
        _event(survivor, EventKind.MERGE_UNDONE, actor, why, merge=done.pk, absorbed=absorbed.pk)
        _log(actor, survivor, "followup:merge-undo")
    return done
