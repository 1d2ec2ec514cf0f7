"""Every write of casework: one transaction, the actor's right checked, history appended,
the access-log row written, and a sharing record wherever information goes to another
organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.casework.models import (
    AgendaItem,
    Agreement,
    Breakthrough,
    Conference,
    ConferenceTable,
    Decision,
    Goal,
    Plan,
    PlanVersion,
)
from grip.casework.rights import (
    can_answer_breakthrough,
    can_raise_breakthrough,
    can_set_up,
    can_take_part,
    can_write_plan,
)
from grip.followup import actions as followup
from grip.followup.models import DirectionKind, Trajectory
from grip.followup.rights import require
from grip.network.models import Organisation, Programme
from grip.people.pseudonymity import validate_pseudonymous
from grip.sharing.actions import record_sharing
from grip.sharing.models import SharingKind
from grip.vocab.models import Term


class EditConflict(Exception):
    """Someone saved a newer plan version after this form was opened (ADR 0005)."""

    def __init__(self, current: PlanVersion | None) -> None:
        super().__init__("The plan changed since it was opened.")
        self.current = current


@dataclass(frozen=True)
class GoalLine:
    life_domain: Term
    text: str


@dataclass(frozen=True)
class AgreementLine:
    text: str
    owner: Organisation
    due_on: dt.date


def _log(actor: Any, action: AccessEventAction, trajectory: Trajectory, purpose: str) -> None:
    record(
        actor,
        action,
        programme=trajectory.programme,
        obj=trajectory,
        person_key=trajectory.person.display_key if trajectory.person else "",
        purpose=purpose,
    )


def current_version(trajectory: Trajectory) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan__trajectory=trajectory)
        .select_related("by", "decision")
        .first()
    )


def save_plan(
    actor: Any,
    trajectory: Trajectory,
    *,
    based_on: int,
    goals: Sequence[GoalLine],
    agreements: Sequence[AgreementLine],
    review_on: dt.date,
    note: str = "",
    decision: Decision | None = None,
    checked: bool = False,
) -> PlanVersion:
    """Add a new version of the trajectory's plan. ``based_on`` is the version the form was
    opened on (0 for a first plan); when someone saved since, ``EditConflict``.
    ``checked``: the caller (a conference decision) already judged the actor's right."""
    if not checked:
        require(can_write_plan(actor, trajectory))
    if not trajectory.is_open:
        raise ValidationError(_("Dit traject is afgesloten."))
    if not goals:
        raise ValidationError({"goals": _("Een plan heeft minstens één doel.")})
    with transaction.atomic():
        plan, _created = Plan.objects.get_or_create(trajectory=trajectory)
        moved = Plan.objects.filter(pk=plan.pk, version=based_on).update(
            version=F("version") + 1, review_on=review_on
        )
        if not moved:
            raise EditConflict(current_version(trajectory))
        version = PlanVersion.objects.create(
            plan=plan,
            number=based_on + 1,
            review_on=review_on,
            note=note,
            decision=decision,
            by=actor,
        )
        for position, goal in enumerate(goals):
            Goal.objects.create(
                version=version, life_domain=goal.life_domain, text=goal.text, position=position
            )
        for position, agreement in enumerate(agreements):
            Agreement.objects.create(
                version=version,
                text=agreement.text,
                owner=agreement.owner,
                due_on=agreement.due_on,
                position=position,
            )
        _log(actor, AccessEventAction.CREATE, trajectory, "casework:plan")
    return version


# --- tables and conferences ---------------------------------------------------------------


def add_table(actor: Any, programme: Programme, *, name: str, has_mandate: bool) -> ConferenceTable:
    require(can_set_up(actor, programme.pk))
    try:
        with transaction.atomic():
            table = ConferenceTable.objects.create(
                programme=programme, name=name.strip(), has_mandate=has_mandate
            )
            record(actor, AccessEventAction.CREATE, programme=programme, obj=table,
                   purpose="casework:table")  # fmt: skip
    except IntegrityError as error:
        raise ValidationError({"name": _("Deze tafel bestaat al in dit programma.")}) from error
    return table


def set_table_active(actor: Any, table: ConferenceTable, *, active: bool) -> ConferenceTable:
    require(can_set_up(actor, table.programme_id))
    with transaction.atomic():
        ConferenceTable.objects.filter(pk=table.pk).update(active=active)
        table.refresh_from_db()
        record(actor, AccessEventAction.UPDATE, programme=table.programme, obj=table,
               purpose="casework:table")  # fmt: skip
    return table


def plan_conference(
    actor: Any,
    table: ConferenceTable,
    *,
    held_on: dt.date,
    participants: Iterable[Organisation],
    legal_basis: Term,
) -> Conference:
    require(can_set_up(actor, table.programme_id))
    participants = list(participants)
    if not participants:
        raise ValidationError({"participants": _("Kies de organisaties die deelnemen.")})
    with transaction.atomic():
        conference = Conference.objects.create(
            table=table, held_on=held_on, legal_basis=legal_basis, created_by=actor
        )
        conference.participants.set(participants)
        record(actor, AccessEventAction.CREATE, programme=table.programme, obj=conference,
               purpose="casework:conference")  # fmt: skip
    return conference


def _require_in_conference(actor: Any, conference: Conference) -> None:
    """The conference must be one the actor sees (a participant or the chair) and takes part in."""
    require(Conference.objects.visible_to(actor).filter(pk=conference.pk).exists())
    require(can_take_part(actor, conference))


def put_on_agenda(actor: Any, conference: Conference, trajectory: Trajectory) -> AgendaItem:
    """A person on the agenda: the participants now learn of the case, so every participant
    that does not hold it gets a sharing record on the conference's legal basis. Only a case
    the actor may see can be brought to the table."""
    _require_in_conference(actor, conference)
    require(Trajectory.objects.visible_to(actor).filter(pk=trajectory.pk).exists())
    if trajectory.programme_id != conference.table.programme_id:
        raise ValidationError({"person_key": _("Dit traject hoort niet bij dit programma.")})
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                conference=conference, trajectory=trajectory, added_by=actor
            )
            holder = trajectory.case_organisation
            for organisation in conference.participants.all():
                if organisation.pk == trajectory.case_organisation_id:
                    continue
                record_sharing(
                    actor,
                    person=trajectory.person,
                    programme=trajectory.programme,
                    kind=SharingKind.CONFERENCE,
                    from_organisation=holder,
                    to_organisation=organisation,
                    legal_basis=conference.legal_basis,
                    source=conference,
                )
            _log(actor, AccessEventAction.UPDATE, trajectory, "casework:agenda")
    except IntegrityError as error:
        raise ValidationError(
            {"person_key": _("Deze betrokkene staat al op de agenda.")}
        ) from error
    return item


def record_decision(
    actor: Any,
    item: AgendaItem,
    *,
    text: str,
    agreement: AgreementLine | None = None,
    review_on: dt.date | None = None,
    direction_to: Organisation | None = None,
) -> Decision:
    """A decision on a person: kept as the conference's minutes; an agreement or a new review
    date makes a new plan version; a new holder of case direction goes through follow-up
    (which judges the actor's right to steer)."""
    conference = item.conference
    _require_in_conference(actor, conference)
    try:
        validate_pseudonymous(text)  # the minutes travel outside the case: nothing identifying
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from error
    trajectory = item.trajectory
    changes_plan = agreement is not None or review_on is not None
    if changes_plan and not can_write_plan(actor, trajectory):
        raise ValidationError(
            {"agreement_text": _("U mag het plan van deze betrokkene niet wijzigen.")}
        )
    with transaction.atomic():
        decision = Decision.objects.create(
            item=item, text=text, direction_to=direction_to, by=actor
        )
        if changes_plan:
            _plan_from_decision(actor, trajectory, decision, agreement, review_on)
        if direction_to is not None:
            try:
                followup.set_direction(
                    actor, trajectory, DirectionKind.CASE, direction_to, None,
                    _("Besluit casusoverleg %(table)s, %(date)s")
                    % {"table": conference.table.name, "date": conference.held_on.isoformat()},
                )  # fmt: skip
            except PermissionDenied as error:
                raise ValidationError(
                    {"direction_to": _("U mag de regie van dit traject niet toewijzen.")}
                ) from error
        _log(actor, AccessEventAction.UPDATE, trajectory, "casework:decision")
    return decision


def _plan_from_decision(
    actor: Any,
    trajectory: Trajectory,
    decision: Decision,
    agreement: AgreementLine | None,
    review_on: dt.date | None,
) -> None:
    current = current_version(trajectory)
    if current is None and agreement is None:
        raise ValidationError({"review_on": _("Er is nog geen plan: leg eerst een afspraak vast.")})
    goals = (
        [GoalLine(g.life_domain, g.text) for g in current.goals.select_related("life_domain")]
        if current
        else []
    )
    agreements = (
        [
            AgreementLine(a.text, a.owner, a.due_on)
            for a in current.agreements.select_related("owner")
        ]
        if current
        else []
    )
    if agreement is not None:
        agreements.append(agreement)
    if not goals:
        # A first plan made at the table: its goal is the decision until the holder writes one.
        goals = [GoalLine(_default_domain(), decision.text[:500])]
    save_plan(
        actor,
        trajectory,
        based_on=current.number if current else 0,
        goals=goals,
        agreements=agreements,
        review_on=review_on or (current.review_on if current else agreement.due_on),  # type: ignore[union-attr]
        note=_("Besluit casusoverleg"),
        decision=decision,
        checked=True,
    )


def _default_domain() -> Term:
    from grip.vocab.models import Vocabulary

    return Term.objects.get(vocabulary=Vocabulary.LIFE_DOMAIN, code="other")


# --- breakthrough -------------------------------------------------------------------------


def raise_breakthrough(
    actor: Any, trajectory: Trajectory, *, table: ConferenceTable, reason: str
) -> Breakthrough:
    require(can_raise_breakthrough(actor, trajectory))
    if not table.has_mandate or not table.active or table.programme_id != trajectory.programme_id:
        raise ValidationError({"table": _("Kies een tafel met mandaat van dit programma.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom de casus is vastgelopen.")})
    with transaction.atomic():
        breakthrough = Breakthrough.objects.create(
            trajectory=trajectory, table=table, reason=reason, raised_by=actor
        )
        _log(actor, AccessEventAction.CREATE, trajectory, "casework:breakthrough")
    return breakthrough


def answer_breakthrough(actor: Any, breakthrough: Breakthrough, *, answer: str) -> Breakthrough:
    trajectory = breakthrough.trajectory
    require(can_answer_breakthrough(actor, trajectory.programme_id))
    if not answer.strip():
        raise ValidationError({"answer": _("Schrijf het besluit van de tafel.")})
    with transaction.atomic():
        answered = Breakthrough.objects.filter(pk=breakthrough.pk, answered_at__isnull=True).update(
            answer=answer, answered_by=actor, answered_at=timezone.now()
        )
        if not answered:
            raise ValidationError(_("Deze doorbraak is al beantwoord."))
        breakthrough.refresh_from_db()
        _log(actor, AccessEventAction.UPDATE, trajectory, "casework:breakthrough-answer")
    return breakthrough
