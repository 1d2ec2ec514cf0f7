"""Every write of incidents goes through here: one transaction, the actor's right checked,
the access-log row written."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.intake.models import Incident
from grip.network.models import Area, Municipality, Programme
from grip.people.actions import create_person, make_known_in
from grip.people.identity.records import Identity
from grip.people.linking import person_for_identity
from grip.people.models import Person
from grip.vocab.models import Term


@dataclass(frozen=True)
class IncidentData:
    programme: Programme
    kind: Term
    number: str
    reported_at: dt.datetime
    municipality: Municipality
    area: Area | None = None
    initial_ave_level: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Registration:
    incident: Incident
    #: the identity given belonged to a person Grip already knew: the incident is theirs now
    linked_to_known: bool = False


def register_incident(
    actor: Any,
    data: IncidentData,
    *,
    person: Person | None = None,
    new_person: bool = False,
    identity: Identity | None = None,
    submission_key: uuid.UUID | None = None,
) -> Incident:
    """Register an incident; see ``register`` (this returns the incident alone)."""
    return register(
        actor,
        data,
        person=person,
        new_person=new_person,
        identity=identity,
        submission_key=submission_key,
    ).incident


def register(
    actor: Any,
    data: IncidentData,
    *,
    person: Person | None = None,
    new_person: bool = False,
    identity: Identity | None = None,
    submission_key: uuid.UUID | None = None,
) -> Registration:
    """Register an incident; with ``new_person`` a person with a fresh key is created.

    With ``identity`` (needs identity *create* in the programme) the person is the one Grip
    already knows under the same pseudonym, or else a new person with that identity stored.
    A repeated ``submission_key`` returns the incident made the first time.
    """
    if not grants_for(actor).can(DataClass.POLICE, Action.CREATE, data.programme.pk):
        raise PermissionDenied
    if submission_key is not None:
        earlier = Incident.objects.filter(submission_key=submission_key, created_by=actor).first()
        if earlier is not None:
            return Registration(earlier)
    linked = False
    with transaction.atomic():
        if identity is not None:
            found = person_for_identity(actor, data.programme, identity)
            person, linked = found.person, found.was_known
        elif new_person:
            person = create_person(data.programme)
        elif person is not None:
            make_known_in(person, data.programme)
        incident = Incident(
            programme=data.programme,
            kind=data.kind,
            number=data.number.strip(),
            reported_at=data.reported_at,
            municipality=data.municipality,
            area=data.area,
            initial_ave_level=data.initial_ave_level,
            description=data.description.strip(),
            person=person,
            submission_key=submission_key,
            created_by=actor,
        )
        incident.full_clean(exclude=["submission_key"])
        incident.save()
        record(
            actor,
            AccessEventAction.CREATE,
            programme=data.programme,
            obj=incident,
            person_key=person.display_key if person else "",
            purpose="intake:register",
        )
    return Registration(incident, linked_to_known=linked)
