"""Every write of the monitor: the factsheet's "Wist je dat …" items.

Each function runs in one transaction, checks the actor's right (change on stats in the
note's programme: the coordinator), writes the note's history event and the access-log row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.monitor.models import FactsheetNote, FactsheetNoteEvent, NoteEventKind
from grip.network.models import Programme


def can_edit_notes(user: Any, programme: Programme) -> bool:
    return grants_for(user).can(DataClass.STATS, Action.CHANGE, programme.pk)


def _require(user: Any, programme: Programme) -> None:
    if not can_edit_notes(user, programme):
        raise PermissionDenied


def notes_for(
    programme: Programme, date_from: dt.date, date_to: dt.date
) -> QuerySet[FactsheetNote]:
    """The items of exactly this factsheet (programme and period), in their order."""
    return FactsheetNote.objects.filter(
        programme=programme, date_from=date_from, date_to=date_to
    ).order_by("position", "id")


def _event(actor: Any, note: FactsheetNote, kind: NoteEventKind, action: AccessEventAction) -> None:
    FactsheetNoteEvent.objects.create(
        note=note if kind != NoteEventKind.REMOVED else None,
        programme=note.programme,
        date_from=note.date_from,
        date_to=note.date_to,
        kind=kind,
        text=note.text,
        actor=actor,
    )
    record(actor, action, programme=note.programme, obj=note, purpose=f"factsheet-note {kind}")


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de tekst van het item.")})
    return text


def add_note(
    actor: Any, programme: Programme, date_from: dt.date, date_to: dt.date, text: str
) -> FactsheetNote:
    _require(actor, programme)
    if date_from > date_to:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."))
    with transaction.atomic():
        last = notes_for(programme, date_from, date_to).aggregate(last=Max("position"))["last"]
        note = FactsheetNote.objects.create(
            programme=programme,
            date_from=date_from,
            date_to=date_to,
            position=0 if last is None else last + 1,
            text=_clean_text(text),
            created_by=actor,
            updated_by=actor,
        )
        _event(actor, note, NoteEventKind.ADDED, AccessEventAction.CREATE)
    return note


def change_note(actor: Any, note: FactsheetNote, text: str) -> FactsheetNote:
    _require(actor, note.programme)
    with transaction.atomic():
        note.text = _clean_text(text)
        note.updated_by = actor
        note.save(update_fields=["text", "updated_by", "updated_at"])
        _event(actor, note, NoteEventKind.CHANGED, AccessEventAction.UPDATE)
    return note


def remove_note(actor: Any, note: FactsheetNote) -> None:
    _require(actor, note.programme)
    with transaction.atomic():
        _event(actor, note, NoteEventKind.REMOVED, AccessEventAction.DELETE)
        note.delete()


def move_note(actor: Any, note: FactsheetNote, step: int) -> None:
    """Swap the note with its neighbour above (step -1) or below (step +1)."""
    _require(actor, note.programme)
    with transaction.atomic():
        siblings = list(notes_for(note.programme, note.date_from, note.date_to).select_for_update())
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == note.pk)
        target = index + step
        if not 0 <= target < len(siblings):
            return
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                FactsheetNote.objects.filter(pk=sibling.pk).update(position=position)
        note.refresh_from_db()
        _event(actor, note, NoteEventKind.MOVED, AccessEventAction.UPDATE)
