"""Write a batch's planned rows: incidents, responses, code lists, trajectories, history
rows and access-log rows, each table in one or a few statements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from grip.access.chain import append_rows
from grip.access.log import acting_membership
from grip.access.models import AccessEventAction
from grip.bulk import insert, update
from grip.intake.models import Incident
from grip.network.models import Membership, Programme
from grip.people.models import Person
from grip.triage.actions import SCALAR_FIELDS, ResponseData
from grip.triage.exchange.columns import RESPONSE_FIELDS
from grip.triage.exchange.known import FILE_MANY_FIELDS
from grip.triage.exchange.persons import PersonRef
from grip.triage.exchange.rows import TERM_LIST_COLUMNS, SituationRow
from grip.triage.models import Response, ResponseRevision
from grip.triage.signals import bulk_writing, bulk_written, follow_up_requested

# The response fields a file can set; the rest (care professional, AVE on leaving …) stay.
FILE_SCALAR_FIELDS = [name for name in RESPONSE_FIELDS.values() if name not in TERM_LIST_COLUMNS]
INCIDENT_FIELDS = ["reported_at", "municipality", "area", "person"]
# ResponseData's scalar fields as (field name, column attname, is a relation).
_RESPONSE_COLUMNS = [
    (name, field.attname, field.is_relation)
    for name in SCALAR_FIELDS
    for field in [Response._meta.get_field(name)]
    if hasattr(field, "attname")
]
RESPONSE_LABEL = Response._meta.label_lower
# What a response announced for follow-up carries (``follow_up_requested``), in the model's
# field order (``from_db`` takes the values in that order).
_FOLLOW_UP_FIELDS = [
    field.attname
    for field in Response._meta.concrete_fields
    if field.attname
    in {"id", "incident_id", "follow_up_needed", "ave_on_arrival", "ave_on_leaving"}
]


@dataclass
class RowWrite:
    """One row to write: a new incident (``incident`` None) or a known one, and a new
    response (``response`` None) or a known one, with the state the row gives them."""

    row: SituationRow
    person: PersonRef | None
    data: ResponseData
    changes: dict[str, list[Any]]
    open_trajectory: bool
    many_to_write: list[str]
    incident: Incident | None = None
    incident_changed: bool = False
    response: Response | None = None
    incident_id: int = 0
    response_id: int = 0
    version: int = 1


def save(writes: list[RowWrite], user: Any, purpose: str) -> None:
    if not writes:
        return
    user_id = user.pk if user is not None else None
    # Apps above triage may prepare for a batch of bulk writes (the monitor app, on SQLite,
    # marks the batch's responses itself instead of by a trigger per row: ``bulk_writing``).
    bulk_writing.send(sender=Response)
    _save_incidents(writes, user_id)
    _save_responses(writes, user_id)
    _save_code_lists(writes)
    if any(w.open_trajectory for w in writes):
        # The follow-up app (above triage) opens the trajectories; triage only announces.
        # The responses as just written, without reading them back: the fields it needs.
        responses = [
            Response.from_db(
                DEFAULT_DB_ALIAS,
                _FOLLOW_UP_FIELDS,
                [_follow_up_value(w, attname) for attname in _FOLLOW_UP_FIELDS],
            )
            for w in writes
            if w.open_trajectory
        ]
        follow_up_requested.send(sender=Response, responses=responses, actor=user)
    insert(
        ResponseRevision,
        [
            {
                "response_id": w.response_id,
                "version": w.version,
                "changed_by_id": user_id,
                "source": "import",
                "changes": w.changes,
            }
            for w in writes
        ],
    )
    append_rows(list(_access_events(writes, user, purpose)))
    insert(
        Person.programmes.through,
        [
            {"person_id": w.person.pk, "programme_id": w.row.programme.id}
            for w in writes
            if w.person is not None
        ],
        ignore_conflicts=True,
    )
    bulk_written.send(sender=Response, response_ids=[w.response_id for w in writes])


def _follow_up_value(write: RowWrite, attname: str) -> Any:
    if attname == "id":
        return write.response_id
    if attname == "incident_id":
        return write.incident_id
    return getattr(write.data, attname)


def _pk(person: PersonRef | None) -> int | None:
    return person.pk if person is not None else None


def _save_incidents(writes: list[RowWrite], user_id: int | None) -> None:
    new = [w for w in writes if w.incident is None]
    ids = insert(
        Incident,
        [
            {
                "programme_id": w.row.programme.id,
                "kind_id": w.row.kind.pk,
                "number": w.row.number,
                "reported_at": w.row.reported_at,
                "municipality_id": w.row.municipality_id,
                "area_id": w.row.area_id,
                "person_id": _pk(w.person),
                "created_by_id": user_id,
            }
            for w in new
        ],
        returning_ids=True,
    )
    for write, pk in zip(new, ids, strict=True):
        write.incident_id = pk
    changed = []
    for write in writes:
        incident = write.incident
        if incident is None:
            continue
        write.incident_id = incident.pk
        if write.incident_changed:
            incident.reported_at = write.row.reported_at
            incident.municipality_id = write.row.municipality_id
            if write.row.has_area:
                incident.area_id = write.row.area_id
            incident.person_id = _pk(write.person)
            changed.append(incident)
    update(Incident, INCIDENT_FIELDS, [_attributes(i, INCIDENT_FIELDS) for i in changed])


def _save_responses(writes: list[RowWrite], user_id: int | None) -> None:
    new = [w for w in writes if w.response is None]
    ids = insert(
        Response,
        [{"incident_id": w.incident_id, "created_by_id": user_id, **_columns(w.data)} for w in new],
        returning_ids=True,
    )
    for write, pk in zip(new, ids, strict=True):
        write.response_id = pk
    now = timezone.now()
    updated = []
    for write in writes:
        response = write.response
        if response is None:
            continue
        for name in FILE_SCALAR_FIELDS:  # only what the file carries; the rest stays as it is
            setattr(response, name, getattr(write.data, name))
        response.version += 1
        response.updated_at = now
        write.version = response.version
        write.response_id = response.pk
        updated.append(response)
    names = [*FILE_SCALAR_FIELDS, "version", "updated_at"]
    update(Response, names, [_attributes(response, names) for response in updated])


def _attributes(instance: Any, names: list[str]) -> dict[str, Any]:
    """The primary key and the named fields of a model instance, by attname."""
    meta = instance._meta
    values = {meta.pk.attname: instance.pk}
    for name in names:
        attname = meta.get_field(name).attname
        values[attname] = getattr(instance, attname)
    return values


def _columns(data: ResponseData) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, attname, is_relation in _RESPONSE_COLUMNS:
        value = getattr(data, name)
        values[attname] = (value.pk if value is not None else None) if is_relation else value
    return values


def _save_code_lists(writes: list[RowWrite]) -> None:
    """Rewrite the code lists that changed: delete the old through rows, insert the new."""
    for name in FILE_MANY_FIELDS:
        through = getattr(Response, name).through
        stale = [
            w.response_id for w in writes if w.response is not None and name in w.many_to_write
        ]
        if stale:
            through.objects.filter(response_id__in=stale).delete()
        insert(
            through,
            [
                (w.response_id, term.id)
                for w in writes
                if name in w.many_to_write
                for term in getattr(w.data, name)
            ],
            columns=("response_id", "term_id"),
        )


def _access_events(writes: list[RowWrite], user: Any, purpose: str) -> Iterable[dict[str, Any]]:
    """The rows ``access.log.record`` would write, one per written response."""
    acting: dict[int, Membership | None] = {}
    for write in writes:
        programme = write.row.programme
        if programme.id not in acting:
            acting[programme.id] = acting_membership(user, Programme(pk=programme.id))
        membership = acting[programme.id]
        yield {
            "user_id": user.pk if getattr(user, "is_authenticated", False) else None,
            "organisation": membership.organisation.name if membership else "",
            "role": membership.role if membership else "",
            "action": (
                AccessEventAction.CREATE if write.response is None else AccessEventAction.UPDATE
            ),
            "programme": programme.slug,
            "object_type": RESPONSE_LABEL,
            "object_id": str(write.response_id),
            "person_key": write.person.display_key if write.person else "",
            "purpose": purpose[:200],
        }
