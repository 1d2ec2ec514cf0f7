"""Every write of responses: one transaction, the actor's right checked, history and access log
written. The form and the exchange-format import both come through here (the import in bulk
through ``grip.triage.exchange``, which keeps the same rules)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.intake.models import Incident
from grip.network.models import Organisation, Role
from grip.triage.models import Response, ResponseRevision
from grip.triage.signals import follow_up_requested
from grip.vocab.models import Term


class EditConflict(Exception):
    """Someone else saved the response after this form was opened."""

    def __init__(self, current: Response) -> None:
        super().__init__("The response changed since it was opened.")
        self.current = current


@dataclass
class ResponseData:
    care_professional: Any = None
    organisations_on_site: list[Organisation] = field(default_factory=list)
    police_officers: int | None = None
    arrived_at: dt.datetime | None = None
    departed_at: dt.datetime | None = None
    police_departed_at: dt.datetime | None = None
    ave_on_arrival: int | None = None
    ave_on_leaving: int | None = None
    risks: list[Term] = field(default_factory=list)
    interventions: list[Term] = field(default_factory=list)
    bottlenecks: list[Term] = field(default_factory=list)
    safety_person: Term | None = None
    safety_surroundings: Term | None = None
    outcome: Term | None = None
    follow_up_needed: bool | None = None
    notes: str = ""


MANY_FIELDS = ("organisations_on_site", "risks", "interventions", "bottlenecks")
SCALAR_FIELDS = tuple(f.name for f in fields(ResponseData) if f.name not in MANY_FIELDS)


def can_register(actor: Any, incident: Incident) -> bool:
    return grants_for(actor).can(DataClass.CARE, Action.CREATE, incident.programme_id)


def can_edit(actor: Any, response: Response) -> bool:
    """The author, or a coordinator of the programme (both need the right to change care)."""
    grants = grants_for(actor)
    programme_id = response.incident.programme_id
    if not grants.can(DataClass.CARE, Action.CHANGE, programme_id):
        return False
    return response.created_by_id == actor.pk or Role.COORDINATOR in grants.roles_in(programme_id)


def register_response(
    actor: Any, incident: Incident, data: ResponseData, *, submission_key: uuid.UUID | None = None
) -> Response:
    """Register the response to ``incident``; a repeated ``submission_key`` returns the first."""
    if not can_register(actor, incident):
        raise PermissionDenied
    if submission_key is not None:
        earlier = Response.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return earlier
    with transaction.atomic():
        response = Response(incident=incident, submission_key=submission_key, created_by=actor)
        apply_data(response, data)
        response.save()
        _apply_many(response, data)
        ResponseRevision.objects.create(
            response=response,
            version=1,
            changed_by=actor,
            changes=describe_changes(ResponseData(), data),
        )
        if response.follow_up_needed:
            follow_up_requested.send(sender=Response, responses=[response], actor=actor)
        record(
            actor,
            AccessEventAction.CREATE,
            programme=incident.programme,
            obj=response,
            person_key=incident.person.display_key if incident.person else "",
            purpose="triage:register",
        )
    return response


def update_response(
    actor: Any, response: Response, data: ResponseData, *, expected_version: int
) -> Response:
    """Save an edit made on ``expected_version``; raise ``EditConflict`` when it is stale."""
    if not can_edit(actor, response):
        raise PermissionDenied
    with transaction.atomic():
        # The version check and the increment are one UPDATE: of two concurrent saves on the
        # same version exactly one matches, the other conflicts. Nothing is overwritten.
        matched = Response.objects.filter(pk=response.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not matched:
            raise EditConflict(Response.objects.get(pk=response.pk))
        before = snapshot(response)
        response.version = expected_version + 1
        apply_data(response, data)
        response.save()
        _apply_many(response, data)
        changes = describe_changes(before, data)
        ResponseRevision.objects.create(
            response=response, version=response.version, changed_by=actor, changes=changes
        )
        if response.follow_up_needed:
            follow_up_requested.send(sender=Response, responses=[response], actor=actor)
        record(
            actor,
            AccessEventAction.UPDATE,
            programme=response.incident.programme,
            obj=response,
            person_key=response.incident.person.display_key if response.incident.person else "",
            purpose="triage:edit",
        )
    return response


def snapshot(response: Response) -> ResponseData:
    """The response's current values as ``ResponseData`` (for history and edit forms)."""
    data = ResponseData(**{name: getattr(response, name) for name in SCALAR_FIELDS})
    for name in MANY_FIELDS:
        setattr(data, name, list(getattr(response, name).all()))
    return data


def apply_data(response: Response, data: ResponseData) -> None:
    for name in SCALAR_FIELDS:
        setattr(response, name, getattr(data, name))


def _apply_many(response: Response, data: ResponseData) -> None:
    for name in MANY_FIELDS:
        getattr(response, name).set(getattr(data, name))


def describe_changes(before: ResponseData, after: ResponseData) -> dict[str, list[Any]]:
    """Changed fields as ``{field: [old, new]}`` in readable text (codes, ISO times)."""
    changes: dict[str, list[Any]] = {}
    for name in SCALAR_FIELDS + MANY_FIELDS:
        old, new = describe_value(getattr(before, name)), describe_value(getattr(after, name))
        if old != new:
            changes[name] = [old, new]
    return changes


def describe_value(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(describe_value(item) for item in value)
    if isinstance(value, Term):
        return value.code
    if isinstance(value, Organisation):
        return value.slug
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    return value
