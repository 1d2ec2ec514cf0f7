"""Every write of trajectories: one transaction, the actor's right checked, an append-only
event with who/when/why, and the access-log row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import PROGRAMME_WIDE_CASE_ROLES, Action, DataClass, allows
from grip.bulk import among, insert
from grip.followup.models import (
    Contact,
    DirectionKind,
    EventKind,
    FollowUpSettings,
    Handover,
    HandoverStatus,
    Task,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStatus,
)
from grip.followup.rights import can_answer_handover, can_steer, can_work_in, require
from grip.intake.models import Incident
from grip.network.models import Membership, Organisation, Programme, Role
from grip.people.models import Person
from grip.sharing.actions import record_sharing
from grip.sharing.models import SharingKind
from grip.signalling.models import SignallingSettings
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

HANDOVER_REASONS = frozenset({"regular_care", "oggz"})  # closure reasons that hand over
DEFAULT_CARE_CONTACT_KINDS = ("consultation",)


def settings_for(programme: Programme | int) -> FollowUpSettings:
    programme_id = programme if isinstance(programme, int) else programme.pk
    found, created = FollowUpSettings.objects.get_or_create(programme_id=programme_id)
    if created:
        found.care_contact_kinds.set(
            Term.objects.filter(
                vocabulary=Vocabulary.CONTACT_KIND, code__in=DEFAULT_CARE_CONTACT_KINDS
            )
        )
    return found


def _event(
    trajectory: Trajectory, event_kind: EventKind, actor: Any, why: str = "", /, **data: Any
) -> None:
    TrajectoryEvent.objects.create(
        trajectory=trajectory,
        kind=event_kind,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=why,
        data=data,
    )


def _log(actor: Any, action: AccessEventAction, trajectory: Trajectory, purpose: str) -> None:
    record(
        actor,
        action,
        programme=trajectory.programme,
        obj=trajectory,
        person_key=trajectory.person.display_key if trajectory.person else "",
        purpose=purpose,
    )


def open_trajectory(
    actor: Any,
    *,
    programme: Programme,
    person: Person | None,
    response: Response | None = None,
    incident: Incident | None = None,
    ave_level: int | None = None,
    reason: str = "",
) -> Trajectory:
    """Open a trajectory. Case direction goes to the programme's default organisation for
    follow-up (or for new signalling work); without one, to the opener's organisation. The
    opener is the named holder when their organisation holds it. Together with the rule that
    whoever opened a trajectory sees it (``TrajectoryQuerySet.visible_to``), the opener can
    never be sent to a "not found" on what they just opened, nor miss it in Mijn werk."""
    config = settings_for(programme)
    case_organisation, case_holder = _first_case_direction(actor, programme, config)
    with transaction.atomic():
        trajectory = Trajectory.objects.create(
            programme=programme,
            person=person,
            response=response,
            incident=incident or (response.incident if response else None),
            ave_level=ave_level,
            case_organisation=case_organisation,
            case_holder=case_holder,
            process_organisation=(
                config.default_process_organisation
                if ave_level and ave_level >= config.process_direction_from_level
                else None
            ),
        )
        _event(
            trajectory,
            EventKind.OPENED,
            actor,
            reason,
            ave_level=ave_level,
            case_organisation=case_organisation.pk if case_organisation else None,
            case_holder=case_holder.pk if case_holder else None,
        )
        if actor is not None:
            _log(actor, AccessEventAction.CREATE, trajectory, "followup:open")
    return trajectory


def _first_case_direction(
    actor: Any, programme: Programme, config: FollowUpSettings
) -> tuple[Organisation | None, Any]:
    """Who holds case direction of a new trajectory: (organisation, named holder or None)."""
    opener = _holding_organisation(actor, programme)
    organisation = config.default_case_organisation
    if organisation is None:
        signalling = SignallingSettings.objects.filter(programme=programme).first()
        organisation = signalling.default_organisation if signalling else None
    organisation = organisation or opener
    if organisation is None:
        # The import, or a coordinator: the overview flags "geen casusregie" to be assigned.
        return None, None
    return organisation, actor if opener is not None and opener == organisation else None


def _holding_organisation(actor: Any, programme: Programme) -> Organisation | None:
    """The organisation through which the opener could hold case direction in the programme:
    a membership whose role works in cases (changes care or social data) and is not one of
    the programme-wide roles (a coordinator steers cases, the police never hold them)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    roles = [
        role
        for role in Role
        if role not in PROGRAMME_WIDE_CASE_ROLES
        and (
            allows(role, DataClass.SOCIAL, Action.CHANGE)
            or allows(role, DataClass.CARE, Action.CHANGE)
        )
    ]
    membership = (
        Membership.objects.filter(
            user_id=actor.pk, active=True, programmes=programme, role__in=roles
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def open_for_responses(responses: Iterable[Response], actor: Any = None) -> list[int]:
    """Open a trajectory for each response that asks for follow-up and has none yet; return
    the new trajectories' ids.

    Bulk, through ``grip.bulk.insert``: a fixed number of statements whatever the number of
    responses, because the exchange import calls this for every batch of rows.
    """
    wanted = [response for response in responses if response.follow_up_needed]
    have = set(
        Trajectory.objects.filter(
            among(Trajectory, "response", [r.pk for r in wanted])
        ).values_list("response_id", flat=True)
    )
    wanted = [response for response in wanted if response.pk not in have]
    if not wanted:
        return []
    incidents = {
        pk: (programme_id, person_id)
        for pk, programme_id, person_id in Incident.objects.filter(
            among(Incident, "id", {r.incident_id for r in wanted})
        ).values_list("pk", "programme_id", "person_id")
    }
    configs = {pid: settings_for(pid) for pid in {pid for pid, _person in incidents.values()}}
    rows = []
    for response in wanted:
        programme_id, person_id = incidents[response.incident_id]
        config = configs[programme_id]
        level = response.ave_on_leaving or response.ave_on_arrival
        needs_process = bool(level and level >= config.process_direction_from_level)
        rows.append(
            {
                "programme_id": programme_id,
                "person_id": person_id,
                "response_id": response.pk,
                "incident_id": response.incident_id,
                "ave_level": level,
                "case_organisation_id": config.default_case_organisation_id,
                "process_organisation_id": (
                    config.default_process_organisation_id if needs_process else None
                ),
            }
        )
    ids = insert(Trajectory, rows, returning_ids=True)
    by = actor.pk if getattr(actor, "is_authenticated", False) else None
    reason = _("Opvolging nodig volgens de inzet.")
    insert(
        TrajectoryEvent,
        [
            {
                "trajectory_id": trajectory_id,
                "kind": EventKind.OPENED.value,
                "by_id": by,
                "reason": reason,
                "data": {"ave_level": row["ave_level"], "response": row["response_id"]},
            }
            for trajectory_id, row in zip(ids, rows, strict=True)
        ],
    )
    return ids


def open_from_incident(actor: Any, incident: Incident, reason: str) -> Trajectory:
    """Early on site (I28): a trajectory straight from a care report, without a response."""
    require(can_steer(actor, incident.programme_id, None))
    return open_trajectory(
        actor,
        programme=incident.programme,
        person=incident.person,
        incident=incident,
        ave_level=incident.initial_ave_level,
        reason=reason,
    )


def _locked(trajectory: Trajectory, steering_actor: Any = None) -> Trajectory:
    """The current row, locked. With ``steering_actor`` their right to steer is judged on
    this row, not on a copy the caller holds that may be stale."""
    current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if steering_actor is not None:
        require(can_steer(steering_actor, current.programme_id, current))
    return current


def change_ave(
    actor: Any,
    trajectory: Trajectory,
    level: int,
    reason: str,
    *,
    process_organisation: Organisation | None = None,
) -> Trajectory:
    """Scale up or down. From the programme's threshold procesregie is required: the caller
    names it here unless the trajectory already has one."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom het AVE-niveau verandert.")})
    config = settings_for(trajectory.programme_id)
    with transaction.atomic():
        current = _locked(trajectory, actor)
        _require_open(current)
        needs_process = level >= config.process_direction_from_level
        if (
            needs_process
            and current.process_organisation_id is None
            and process_organisation is None
        ):
            raise ValidationError(
                {
                    "process_organisation": _(
                        "Vanaf AVE %(level)d is procesregie verplicht: kies wie die voert."
                    )
                    % {"level": config.process_direction_from_level}
                }
            )
        before = current.ave_level
        current.ave_level = level
        current.save(update_fields=["ave_level"])
        _event(current, EventKind.AVE_CHANGED, actor, reason, before=before, after=level)
        if needs_process and current.process_organisation_id is None and process_organisation:
            _set_holder(current, DirectionKind.PROCESS, process_organisation, None, actor, reason)
        _log(actor, AccessEventAction.UPDATE, current, "followup:ave")
    return current


def set_direction(
    actor: Any,
    trajectory: Trajectory,
    kind: DirectionKind,
    organisation: Organisation,
    holder: Any,
    reason: str,
) -> Trajectory:
    """Assign direction directly: for a coordinator, or to fill a place nobody holds yet.
    Passing direction that someone holds goes through ``request_handover``."""
    with transaction.atomic():
        current = _locked(trajectory, actor)
        _require_open(current)
        _set_holder(current, kind, organisation, holder, actor, reason)
        _log(actor, AccessEventAction.UPDATE, current, "followup:direction")
    return current


def _set_holder(
    trajectory: Trajectory,
    kind: DirectionKind,
    organisation: Organisation,
    holder: Any,
    actor: Any,
    reason: str,
) -> None:
    prefix = "case" if kind == DirectionKind.CASE else "process"
    before = getattr(trajectory, f"{prefix}_organisation_id")
    setattr(trajectory, f"{prefix}_organisation", organisation)
    setattr(trajectory, f"{prefix}_holder", holder)
    trajectory.save(update_fields=[f"{prefix}_organisation", f"{prefix}_holder"])
    _event(
        trajectory,
        EventKind.DIRECTION_SET,
        actor,
        reason,
        kind=kind.value,
        before=before,
        organisation=organisation.pk,
        holder=holder.pk if holder else None,
    )


def request_handover(
    actor: Any,
    trajectory: Trajectory,
    kind: DirectionKind,
    to: Organisation,
    reason: str,
    *,
    legal_basis: Term | None = None,
) -> Handover:
    """Ask ``to`` to take direction over. The form requires ``legal_basis``: the request
    shares the case with ``to``, so a sharing record says on what ground."""
    with transaction.atomic():
        current = _locked(trajectory, actor)
        _require_open(current)
        if current.handovers.filter(kind=kind, status=HandoverStatus.PENDING).exists():
            raise ValidationError(
                {"to_organisation": _("Er wacht al een overdracht van deze regie op acceptatie.")}
            )
        prefix = "case" if kind == DirectionKind.CASE else "process"
        handover = Handover.objects.create(
            trajectory=current,
            kind=kind,
            from_organisation_id=getattr(current, f"{prefix}_organisation_id"),
            to_organisation=to,
            reason=reason,
            requested_by=actor,
        )
        _event(current, EventKind.HANDOVER_REQUESTED, actor, reason, kind=kind.value, to=to.pk)
        if legal_basis is not None:
            record_sharing(
                actor, person=current.person, programme=current.programme,
                kind=SharingKind.HANDOVER, from_organisation=handover.from_organisation,
                to_organisation=to, legal_basis=legal_basis, source=handover,
            )  # fmt: skip
        _log(actor, AccessEventAction.UPDATE, current, "followup:handover")
    return handover


def answer_handover(actor: Any, handover: Handover, *, accept: bool, reason: str = "") -> Handover:
    """The receiving organisation accepts (it now holds direction) or declines (the giver
    keeps it)."""
    require(can_answer_handover(actor, handover))
    with transaction.atomic():
        handover = Handover.objects.select_for_update().get(pk=handover.pk)
        if handover.status != HandoverStatus.PENDING:
            raise ValidationError(_("Deze overdracht is al beantwoord."))
        handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
        handover.answered_by = actor
        handover.answered_at = timezone.now()
        handover.save(update_fields=["status", "answered_by", "answered_at"])
        trajectory = _locked(handover.trajectory)
        kind = DirectionKind(handover.kind)
        if accept:
            _set_holder(trajectory, kind, handover.to_organisation, actor, actor, reason)
        _event(
            trajectory,
            EventKind.HANDOVER_ACCEPTED if accept else EventKind.HANDOVER_DECLINED,
            actor,
            reason,
            kind=kind.value,
            to=handover.to_organisation_id,
        )
        _log(actor, AccessEventAction.UPDATE, trajectory, "followup:handover-answer")
    return handover


def add_contact(
    actor: Any,
    trajectory: Trajectory,
    *,
    at: dt.datetime,
    kind: Term,
    with_whom: str,
    partner: Organisation | None,
    with_peer_expert: bool,
    activities: list[Term],
    result: str,
    by_organisation: Organisation | None,
) -> Contact:
    require(can_work_in(actor, trajectory))
    config = settings_for(trajectory.programme_id)
    with transaction.atomic():
        current = _locked(trajectory)
        _require_open(current)
        contact = Contact.objects.create(
            trajectory=current,
            at=at,
            kind=kind,
            with_whom=with_whom,
            partner=partner,
            by=actor,
            by_organisation=by_organisation,
            with_peer_expert=with_peer_expert,
            result=result,
        )
        contact.activities.set(activities)
        # Time to care starts at the first contact of a kind the programme counts as care.
        if config.care_contact_kinds.filter(pk=kind.pk).exists() and (
            current.first_care_contact_at is None or at < current.first_care_contact_at
        ):
            current.first_care_contact_at = at
            current.save(update_fields=["first_care_contact_at"])
        _log(actor, AccessEventAction.CREATE, current, "followup:contact")
    return contact


def add_task(
    actor: Any, trajectory: Trajectory, *, title: str, owner: Any, due_on: dt.date
) -> Task:
    require(can_work_in(actor, trajectory))
    with transaction.atomic():
        _require_open(trajectory)
        task = Task.objects.create(
            trajectory=trajectory, title=title, owner=owner, due_on=due_on, created_by=actor
        )
        _log(actor, AccessEventAction.CREATE, trajectory, "followup:task")
    return task


def complete_task(actor: Any, task: Task) -> Task:
    require(task.owner_id == actor.pk or can_work_in(actor, task.trajectory))
    with transaction.atomic():
        Task.objects.filter(pk=task.pk, done_at__isnull=True).update(done_at=timezone.now())
        task.refresh_from_db()
        _log(actor, AccessEventAction.UPDATE, task.trajectory, "followup:task-done")
    return task


def close_trajectory(
    actor: Any,
    trajectory: Trajectory,
    *,
    reason: Term | None,
    organisation: Organisation | None = None,
    text: str = "",
) -> Trajectory:
    """Letting go on purpose: a reason always; who takes over for a hand-over; text for other."""
    errors: dict[str, str] = {}
    if reason is None:
        errors["reason"] = _("Kies waarom het traject wordt afgesloten.")
    elif reason.code in HANDOVER_REASONS and organisation is None:
        errors["organisation"] = _("Kies de organisatie die het overneemt.")
    elif reason.code == "other" and not text.strip():
        errors["text"] = _("Licht toe waarom het traject wordt afgesloten.")
    if errors:
        raise ValidationError(errors)
    assert reason is not None
    with transaction.atomic():
        current = _locked(trajectory, actor)
        _require_open(current)
        current.status = TrajectoryStatus.CLOSED
        current.closed_at = timezone.now()
        current.closure_reason = reason
        current.closure_organisation = organisation
        current.closure_text = text.strip()
        current.save(
            update_fields=[
                "status", "closed_at", "closure_reason", "closure_organisation", "closure_text",
            ]
        )  # fmt: skip
        # Pending hand-overs lapse with the trajectory.
        current.handovers.filter(status=HandoverStatus.PENDING).update(
            status=HandoverStatus.DECLINED, answered_at=timezone.now()
        )
        _event(
            current,
            EventKind.CLOSED,
            actor,
            text,
            reason=reason.code,
            organisation=organisation.pk if organisation else None,
        )
        _log(actor, AccessEventAction.UPDATE, current, "followup:close")
    return current


def reopen_trajectory(actor: Any, trajectory: Trajectory, reason: str) -> Trajectory:
    """Reopen; within the programme's window (30 days) this is recorded as such."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom het traject weer opengaat.")})
    window = dt.timedelta(days=settings_for(trajectory.programme_id).reopen_window_days)
    with transaction.atomic():
        current = _locked(trajectory, actor)
        if current.is_open or current.closed_at is None:
            raise ValidationError(_("Dit traject is niet afgesloten."))
        within = timezone.now() - current.closed_at <= window
        previous_reason = current.closure_reason.code if current.closure_reason else None
        current.status = TrajectoryStatus.OPEN
        current.closed_at = None
        current.closure_reason = None
        current.closure_organisation = None
        current.closure_text = ""
        current.save(
            update_fields=[
                "status", "closed_at", "closure_reason", "closure_organisation", "closure_text",
            ]
        )  # fmt: skip
        _event(
            current,
            EventKind.REOPENED,
            actor,
            reason,
            within_window=within,
            window_days=window.days,
            previous_reason=previous_reason,
        )
        _log(actor, AccessEventAction.UPDATE, current, "followup:reopen")
    return current


def _require_open(trajectory: Trajectory) -> None:
    if not trajectory.is_open:
        raise ValidationError(_("Dit traject is afgesloten."))


__all__ = [
    "PermissionDenied",
    "add_contact",
    "add_task",
    "answer_handover",
    "change_ave",
    "close_trajectory",
    "complete_task",
    "open_for_responses",
    "open_from_incident",
    "open_trajectory",
    "reopen_trajectory",
    "request_handover",
    "set_direction",
    "settings_for",
]
