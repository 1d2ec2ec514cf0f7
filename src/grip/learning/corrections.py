"""Correcting and removing a session's turning points, outcomes and agreed actions.

Both go through the record's ``version`` (ADR 0005), so a correction or removal made on a page
opened before someone else's save is refused with ``EditConflict`` instead of silently undoing
that save. Every change is logged in the same transaction (ADR 0050).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.learning.models import (
    OUTCOME_VOCABULARY,
    THEME_VOCABULARIES,
    ActionReview,
    AgreedAction,
    Effect,
    OutcomeKind,
    ReflectionSession,
    SessionOutcome,
    TurningPoint,
)
from grip.learning.rights import can_facilitate, require
from grip.network.models import Organisation
from grip.vocab.models import Term

# Why an action with reviews cannot be removed; the edit page says it before anyone tries.
REVIEWED_ACTION_STAYS = gettext_lazy(
    "Deze actie is al opgevolgd in een latere sessie en blijft daarom bewaard. Laat haar zo "
    "nodig vervallen bij het opvolgen."
)


class EditConflict(Exception):
    """Someone else corrected or removed the record after its edit page was opened.

    ``current`` is the record as saved now, or None when it has been removed meanwhile.
    """

    def __init__(self, current: Model | None) -> None:
        super().__init__("The record changed since its edit page was opened.")
        self.current = current


def _claim(model: type[Model], pk: int, expected_version: int) -> None:
    """Move the record's version on, if it still is the one the page was opened on.

    The check and the increment are one UPDATE: of two concurrent corrections or removals on
    the same version exactly one matches, the other gets ``EditConflict`` and overwrites
    nothing. The UPDATE also locks the row until the transaction ends.
    """
    manager = model._default_manager
    if not manager.filter(pk=pk, version=expected_version).update(version=F("version") + 1):
        raise EditConflict(manager.filter(pk=pk).first())


def _save_correction(
    actor: Any,
    session: ReflectionSession,
    item: Model,
    expected_version: int,
    changes: dict[str, Any],
    *,
    purpose: str,
    person_key: Callable[[], str] = lambda: "",
) -> None:
    """Claim the record's version, save the changed fields and log the update, in one
    transaction: a conflict leaves both the record and the log untouched. The log's person key
    is read only after the claim: a record read before a purge may name a person who is gone."""
    with transaction.atomic():
        session.lock_open()
        _claim(type(item), item.pk, expected_version)
        item.version = expected_version + 1  # type: ignore[attr-defined]
        for name, value in changes.items():
            setattr(item, name, value)
        item.save(update_fields=list(changes))
        record(actor, AccessEventAction.UPDATE, programme=session.programme, obj=item,
               person_key=person_key(), purpose=purpose)  # fmt: skip


def _no_new_retired(chosen: Iterable[Term], kept: Iterable[Term], field: str) -> None:
    """A retired term the record already carries may stay; no record gets a retired term newly
    (the vocabulary's rule, also for a form posted by hand)."""
    kept_ids = {term.pk for term in kept}
    for term in chosen:
        if term.vocabulary not in THEME_VOCABULARIES:
            raise ValidationError({field: _("Dit is geen thema van een reflectiesessie.")})
        if term.is_retired and term.pk not in kept_ids:
            raise ValidationError(
                {field: _("Dit thema is buiten gebruik en kan niet meer worden gekozen.")}
            )


def person_key_of(point: TurningPoint) -> str:
    """The log's person for a turning point: its case's pseudonymous key."""
    person = point.case.person
    return person.display_key if person else ""


def change_turning_point(
    actor: Any,
    point: TurningPoint,
    *,
    expected_version: int,
    occurred_on: dt.date,
    what_happened: str,
    effect: Effect,
    for_whom: Iterable[str],
    themes: Iterable[Term],
) -> TurningPoint:
    """Correct a turning point; its case stays. ``EditConflict`` when the version is stale."""
    session = point.case.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    chosen = list(themes)
    _no_new_retired(chosen, point.themes.all(), "themes")
    changes = {
        "occurred_on": occurred_on,
        "what_happened": what_happened,
        "effect": effect,
        **TurningPoint.whom_fields(for_whom),
    }
    with transaction.atomic():
        _save_correction(
            actor,
            session,
            point,
            expected_version,
            changes,
            purpose="learning:turning-point",
            person_key=lambda: person_key_of(point),
        )
        point.themes.set(chosen)
    return point


def change_outcome(
    actor: Any,
    outcome: SessionOutcome,
    *,
    expected_version: int,
    kind: OutcomeKind,
    theme: Term,
    text: str,
) -> SessionOutcome:
    """Correct an outcome (its kind, theme or text): the top threes count the new theme."""
    session = outcome.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    _no_new_retired([theme], [outcome.theme], "theme")
    if theme.vocabulary != OUTCOME_VOCABULARY[OutcomeKind(kind)]:
        raise ValidationError({"theme": _("Dit thema hoort niet bij deze soort uitkomst.")})
    changes = {"kind": kind, "theme": theme, "text": text}
    _save_correction(actor, session, outcome, expected_version, changes, purpose="learning:outcome")
    return outcome


def change_agreed_action(
    actor: Any,
    agreed: AgreedAction,
    *,
    expected_version: int,
    description: str,
    owner: Organisation,
    due_on: dt.date,
) -> AgreedAction:
    """Correct what was agreed, by whom and when; the status is left to the reviews."""
    session = agreed.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    changes = {"description": description, "owner": owner, "due_on": due_on}
    _save_correction(actor, session, agreed, expected_version, changes, purpose="learning:action")
    return agreed


def remove_turning_point(actor: Any, point: TurningPoint, *, expected_version: int) -> None:
    """Remove a turning point recorded by mistake (its themes leave the top threes)."""
    session = point.case.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        _claim(TurningPoint, point.pk, expected_version)
        # Logged before the delete: the row names the object by its id, gone afterwards.
        record(actor, AccessEventAction.DELETE, programme=session.programme, obj=point,
               person_key=person_key_of(point), purpose="learning:turning-point")  # fmt: skip
        point.delete()


def remove_outcome(actor: Any, outcome: SessionOutcome, *, expected_version: int) -> None:
    """Remove an outcome recorded by mistake (its theme leaves the top threes)."""
    session = outcome.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        _claim(SessionOutcome, outcome.pk, expected_version)
        record(actor, AccessEventAction.DELETE, programme=session.programme, obj=outcome,
               purpose="learning:outcome")  # fmt: skip
        outcome.delete()


def is_reviewed(agreed: AgreedAction) -> bool:
    return ActionReview.objects.filter(action=agreed.pk).exists()


def remove_agreed_action(actor: Any, agreed: AgreedAction, *, expected_version: int) -> None:
    """Remove an action agreed by mistake. One that a later session already followed up has
    history (its reviews) and stays: it is dropped through a review instead (ADR 0032)."""
    session = agreed.session
    require(can_facilitate(actor, session.programme_id))
    session.ensure_open()
    with transaction.atomic():
        session.lock_open()
        # Claimed first: the row is then locked, and a review (which locks it too) cannot
        # slip in between the check below and the delete.
        _claim(AgreedAction, agreed.pk, expected_version)
        if is_reviewed(agreed):
            raise ValidationError(REVIEWED_ACTION_STAYS)
        record(actor, AccessEventAction.DELETE, programme=session.programme, obj=agreed,
               purpose="learning:action")  # fmt: skip
        agreed.delete()


def log_record_read(
    actor: Any, session: ReflectionSession, shown: Model, *, purpose: str, person_key: str = ""
) -> None:
    """An edit page shows a stored record (a turning point by its case's key): one read row,
    for every rendering, also a form that comes back refused or in conflict (ADR 0050)."""
    with transaction.atomic():
        record(actor, AccessEventAction.READ, programme=session.programme, obj=shown,
               person_key=person_key, purpose=purpose)  # fmt: skip
