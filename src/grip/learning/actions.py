"""Every write of learning data: one transaction, the facilitator's right checked, and the
access-log row for each case (by its pseudonymous key) that a session takes up.

Corrections and removals of a session's records are in ``grip.learning.corrections``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from grip.access.log import record, record_many
from grip.access.models import AccessEventAction
from grip.experience.models import ExperienceStory
from grip.followup.models import Trajectory
from grip.learning.models import (
    OUTCOME_VOCABULARY,
    ActionReview,
    ActionStatus,
    AgreedAction,
    Effect,
    LearningCycle,
    OutcomeKind,
    Phase,
    ReflectionSession,
    ReviewDecision,
    SessionCase,
    SessionOutcome,
    SessionStory,
    ThemeWording,
    TurningPoint,
)
from grip.learning.rights import can_facilitate, can_print_pack, require
from grip.network.models import Organisation, Programme
from grip.triage.models import Response
from grip.vocab.models import Term

# A case picked on the bottleneck page: "t:<trajectory id>" or "r:<response id>".
PICK_TRAJECTORY = "t"
PICK_RESPONSE = "r"


def save_cycle(
    actor: Any,
    programme: Programme,
    *,
    cycle: LearningCycle | None = None,
    number: int | None,
    phase: Phase,
    description: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> LearningCycle:
    require(can_facilitate(actor, programme.pk))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt vóór de begindatum.")})
    clash = LearningCycle.objects.filter(programme=programme, number=number)
    if cycle is not None:
        clash = clash.exclude(pk=cycle.pk)
    if number is not None and clash.exists():
        raise ValidationError({"number": _("Deze leercyclus bestaat al.")})
    with transaction.atomic():
        cycle = cycle or LearningCycle(programme=programme)
        cycle.number = number
        cycle.phase = phase
        cycle.description = description
        cycle.starts_on = starts_on
        cycle.ends_on = ends_on
        cycle.save()
        record(actor, AccessEventAction.UPDATE, programme=programme, obj=cycle,
               purpose="learning:cycle")  # fmt: skip
    return cycle


def plan_session(
    actor: Any,
    programme: Programme,
    *,
    held_on: dt.date,
    facilitator: Any,
    organisations: Iterable[Organisation],
    topic: str = "",
    picks: Iterable[str] = (),
) -> ReflectionSession:
    """A new session, with the cases picked for it (from the bottleneck page, say)."""
    require(can_facilitate(actor, programme.pk))
    with transaction.atomic():
        session = ReflectionSession.objects.create(
            programme=programme, held_on=held_on, facilitator=facilitator, topic=topic,
            created_by=actor,
        )  # fmt: skip
        session.organisations.set(list(organisations))
        record(actor, AccessEventAction.CREATE, programme=programme, obj=session,
               purpose="learning:session")  # fmt: skip
        add_cases(actor, session, picks)
    return session


def change_session(
    actor: Any,
    session: ReflectionSession,
    *,
    held_on: dt.date,
    facilitator: Any,
    organisations: Iterable[Organisation],
    topic: str,
) -> ReflectionSession:
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        session.held_on = held_on
        session.facilitator = facilitator
        session.topic = topic
        session.save(update_fields=["held_on", "facilitator", "topic"])
        session.organisations.set(list(organisations))
        record(actor, AccessEventAction.UPDATE, programme=session.programme, obj=session,
               purpose="learning:session")  # fmt: skip
    return session


def add_cases(
    actor: Any, session: ReflectionSession, picks: Iterable[str], reason: str = ""
) -> list[SessionCase]:
    """Put picked cases on the agenda; a case already on it is not added twice. Only cases
    the actor may see, in the session's programme, can be picked (others are not found)."""
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    trajectory_ids, response_ids = _parse_picks(picks)
    trajectories = list(
        Trajectory.objects.visible_to(actor)
        .filter(programme=session.programme_id, pk__in=trajectory_ids)
        .select_related("person")
    )
    responses = list(
        Response.objects.visible_to(actor)
        .filter(incident__programme=session.programme_id, pk__in=response_ids)
        .select_related("incident__person", "trajectory")
    )
    if len(trajectories) != len(trajectory_ids) or len(responses) != len(response_ids):
        raise ValidationError(_("Een gekozen casus bestaat niet of hoort niet bij dit programma."))
    with transaction.atomic():
        session.lock_open()
        existing = session.cases.select_for_update().values_list("trajectory_id", "response_id")
        have_trajectories = {t for t, _r in existing if t}
        have_responses = {r for _t, r in existing if r}
        position = session.cases.aggregate(last=Max("position"))["last"] or 0
        added = []
        sources: list[tuple[Trajectory | None, Response | None, Any]] = [
            (t, t.response if t.response_id else None, t.person) for t in trajectories
        ] + [(_trajectory_of(r), r, r.incident.person) for r in responses]
        for trajectory, response, person in sources:
            if (trajectory and trajectory.pk in have_trajectories) or (
                response and response.pk in have_responses
            ):
                continue
            position += 1
            case = SessionCase.objects.create(
                session=session, position=position, person=person, trajectory=trajectory,
                response=response, reason=reason,
            )  # fmt: skip
            if trajectory:
                have_trajectories.add(trajectory.pk)
            if response:
                have_responses.add(response.pk)
            record(actor, AccessEventAction.CREATE, programme=session.programme, obj=case,
                   person_key=person.display_key if person else "",
                   purpose="learning:case")  # fmt: skip
            added.append(case)
    return added


def _trajectory_of(response: Response) -> Trajectory | None:
    try:
        return response.trajectory
    except Trajectory.DoesNotExist:
        return None


def _parse_picks(picks: Iterable[str]) -> tuple[set[int], set[int]]:
    trajectories: set[int] = set()
    responses: set[int] = set()
    for pick in picks:
        kind, _sep, number = pick.partition(":")
        if not number.isdigit() or kind not in (PICK_TRAJECTORY, PICK_RESPONSE):
            raise ValidationError(_("Onbekende casus gekozen."))
        (trajectories if kind == PICK_TRAJECTORY else responses).add(int(number))
    return trajectories, responses


def add_turning_point(
    actor: Any,
    case: SessionCase,
    *,
    occurred_on: dt.date,
    what_happened: str,
    effect: Effect,
    for_whom: Iterable[str],
    themes: Iterable[Term],
) -> TurningPoint:
    session = case.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        point = TurningPoint.objects.create(
            case=case, occurred_on=occurred_on, what_happened=what_happened, effect=effect,
            **TurningPoint.whom_fields(for_whom), created_by=actor,
        )  # fmt: skip
        point.themes.set(list(themes))
        record(actor, AccessEventAction.CREATE, programme=session.programme, obj=point,
               person_key=case.person.display_key if case.person else "",
               purpose="learning:turning-point")  # fmt: skip
    return point


def add_outcome(
    actor: Any, session: ReflectionSession, *, kind: OutcomeKind, theme: Term, text: str
) -> SessionOutcome:
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    if theme.vocabulary != OUTCOME_VOCABULARY[OutcomeKind(kind)]:
        raise ValidationError({"theme": _("Dit thema hoort niet bij deze soort uitkomst.")})
    with transaction.atomic():
        session.lock_open()
        outcome = SessionOutcome.objects.create(
            session=session, kind=kind, theme=theme, text=text, created_by=actor
        )
        record(actor, AccessEventAction.CREATE, programme=session.programme, obj=outcome,
               purpose="learning:outcome")  # fmt: skip
    return outcome


def agree_action(
    actor: Any,
    session: ReflectionSession,
    *,
    description: str,
    owner: Organisation,
    due_on: dt.date,
) -> AgreedAction:
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        agreed = AgreedAction.objects.create(
            session=session, description=description, owner=owner, due_on=due_on,
            created_by=actor,
        )  # fmt: skip
        record(actor, AccessEventAction.CREATE, programme=session.programme, obj=agreed,
               purpose="learning:action")  # fmt: skip
    return agreed


def open_earlier_actions(session: ReflectionSession) -> list[AgreedAction]:
    """The actions of earlier sessions of the programme that this session follows up: still
    open, or decided on in this very session (so the decision stays readable here)."""
    return list(
        AgreedAction.objects.filter(
            session__programme=session.programme_id, session__held_on__lt=session.held_on
        )
        .filter(Q(status=ActionStatus.OPEN) | Q(reviews__session=session))
        .select_related("owner", "session")
        .prefetch_related("reviews__session")
        .distinct()
        .order_by("due_on", "id")
    )


def review_action(
    actor: Any,
    session: ReflectionSession,
    agreed: AgreedAction,
    *,
    decision: ReviewDecision,
    new_due_on: dt.date | None = None,
    note: str = "",
) -> ActionReview:
    """Follow an earlier action up in this session: close it, carry it over, or drop it."""
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    if agreed.session.programme_id != session.programme_id or not (
        agreed.session.held_on < session.held_on
    ):
        raise ValidationError(_("Een actie wordt opgevolgd in een latere sessie."))
    with transaction.atomic():
        session.lock_open()
        current = AgreedAction.objects.select_for_update().filter(pk=agreed.pk).first()
        if current is None:  # removed (as agreed by mistake) since the page was opened
            raise ValidationError(_("Deze actie is intussen verwijderd."))
        if current.status != ActionStatus.OPEN:
            raise ValidationError(_("Deze actie is al afgesloten."))
        review = ActionReview.objects.create(
            action=current, session=session, decision=decision, new_due_on=new_due_on,
            note=note, by=actor,
        )  # fmt: skip
        if decision == ReviewDecision.DONE:
            current.status = ActionStatus.DONE
        elif decision == ReviewDecision.DROPPED:
            current.status = ActionStatus.DROPPED
        elif new_due_on:
            current.due_on = new_due_on
        # A review changes the action too (a carried-over due date): its version moves on, so
        # a correction opened before the review cannot put the old date back unseen.
        AgreedAction.objects.filter(pk=current.pk).update(
            status=current.status, due_on=current.due_on, version=F("version") + 1
        )
        record(actor, AccessEventAction.UPDATE, programme=session.programme, obj=current,
               purpose="learning:action-review")  # fmt: skip
    return review


def set_wording(
    actor: Any,
    programme: Programme,
    theme: Term,
    date_from: dt.date,
    date_to: dt.date,
    wording: str,
) -> ThemeWording | None:
    """The one-line wording of a theme for a period; an empty wording removes it."""
    require(can_facilitate(actor, programme.pk))
    with transaction.atomic():
        period = ThemeWording.objects.filter(
            programme=programme, theme=theme, date_from=date_from, date_to=date_to
        )
        if not wording.strip():
            period.delete()
            return None
        found, _created = ThemeWording.objects.update_or_create(
            programme=programme, theme=theme, date_from=date_from, date_to=date_to,
            defaults={"wording": wording.strip(), "updated_by": actor},
        )  # fmt: skip
        record(actor, AccessEventAction.UPDATE, programme=programme, obj=found,
               purpose="learning:wording")  # fmt: skip
    return found


def case_targets(cases: list[SessionCase]) -> list[tuple[SessionCase, str]]:
    """The log targets of a page or print that shows these cases: each case by its person."""
    return [(case, case.person.display_key if case.person else "") for case in cases]


def log_review_pack(actor: Any, session: ReflectionSession, cases: list[SessionCase]) -> None:
    """The review pack is a print of case data: one log row for the pack and one per case."""
    require(can_print_pack(actor, session.programme_id))
    with transaction.atomic():
        record(actor, AccessEventAction.PRINT, programme=session.programme, obj=session,
               purpose="learning:review-pack")  # fmt: skip
        record_many(actor, AccessEventAction.PRINT, case_targets(cases),
                    programme=session.programme, purpose="learning:review-pack")  # fmt: skip


def add_story(actor: Any, session: ReflectionSession, story: ExperienceStory) -> SessionStory:
    """Put a peer expert's experience story on the session (the facilitator, and only a story
    of the session's programme that the facilitator may read)."""
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    if not (
        ExperienceStory.objects.visible_to(actor)
        .filter(pk=story.pk, programme_id=session.programme_id)
        .exists()
    ):
        raise ValidationError(_("Dit verhaal bestaat niet of hoort niet bij dit programma."))
    with transaction.atomic():
        session.lock_open()
        placed, _created = SessionStory.objects.get_or_create(
            session=session, story=story, defaults={"added_by": actor}
        )
        record(actor, AccessEventAction.CREATE, programme=session.programme, obj=story,
               person_key=story.person.display_key, purpose="learning:story")  # fmt: skip
    return placed
