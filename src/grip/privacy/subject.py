"""Everything Grip holds about one person, for a subject access request (AVG art. 15).

This module spans every case app (people, intake, triage, follow-up), so it sits in its own
app at the top of the layering; the access app below it knows nothing of case data.

Two audiences, two views of the access log:
- the report handed to the person says *which organisations, in which role* looked at their
  data, when and how often — never the names of staff (their privacy, and their safety);
- the privacy officer's own screen also names the users, for follow-up inside the
  organisations.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from grip.access.audit import audit_programmes
from grip.access.models import AccessEvent, AccessEventPerson
from grip.access.policy import Action
from grip.access.scoping import get_visible_or_404
from grip.casework.models import (
    AgendaItem,
    Agreement,
    Breakthrough,
    Decision,
    Goal,
    PlanVersion,
)
from grip.followup.models import Contact, Handover, Task, Trajectory, TrajectoryEvent
from grip.intake.models import Incident
from grip.people.identity.actions import NoIdentity, read_identity
from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.models import Person
from grip.sharing.models import SharingRecord
from grip.triage.models import Response, ResponseRevision

EXPORT_FORMAT = "grip-subject-access-v1"


def subject_for(officer: Any, display_key: str, action: Action = Action.VIEW) -> Person:
    """The person, if known in one of the officer's programmes; else 404."""
    programmes = audit_programmes(officer, action)
    persons = Person.objects.filter(programmes__in=programmes).distinct()
    return get_visible_or_404(persons, display_key=display_key.strip().upper())


def person_keys(person: Person) -> list[str]:
    """The person's key and the keys of the records merged into it (old log lines)."""
    absorbed = Person.objects.filter(merged_into=person).values_list("display_key", flat=True)
    return [person.display_key, *absorbed]


def access_events(person: Person) -> models.QuerySet[AccessEvent]:
    """Rows about the person, and rows of lists and exports that showed them."""
    keys = person_keys(person)
    shown = AccessEventPerson.objects.filter(person_key__in=keys).values("event_id")
    return AccessEvent.objects.filter(
        models.Q(person_key__in=keys) | models.Q(pk__in=shown)
    ).select_related("user", "responsible_user")


def access_summary(person: Person) -> list[dict[str, Any]]:
    """Who looked: per organisation, role and action, how often and when first and last."""
    rows = (
        access_events(person)
        .order_by()
        .values("organisation", "role", "action", "outcome", "break_glass")
        .annotate(count=models.Count("id"), first=models.Min("at"), last=models.Max("at"))
        .order_by("organisation", "role", "action", "outcome", "break_glass")
    )
    return [dict(row) for row in rows]


def sharing_summary(person: Person) -> list[dict[str, Any]]:
    """With whom the person's data was shared and on what legal basis (organisations only)."""
    records = (
        SharingRecord.objects.filter(person=person)
        .select_related("programme", "from_organisation", "to_organisation", "legal_basis")
        .order_by("at", "id")
    )
    return [
        {
            "at": record.at,
            "programme": record.programme.name,
            "kind": record.kind,
            "kind_label": str(record.get_kind_display()),
            "from_organisation": record.from_organisation.name if record.from_organisation else "",
            "to_organisation": record.to_organisation.name,
            "legal_basis": record.legal_basis.code,
            "legal_basis_label": record.legal_basis.display_label,
        }
        for record in records
    ]


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    return [
        {"model": item["model"], "pk": item["pk"], **item["fields"]}
        for item in serializers.serialize("python", queryset)
    ]


def subject_data(person: Person) -> dict[str, Any]:
    """All data held about the person, with the identity decrypted."""
    try:
        identity: dict[str, Any] | None = asdict(read_identity(person))
    except NoIdentity:
        identity = None
    except IdentityDecryptionError:
        identity = {"error": "identity could not be decrypted"}
    incidents = Incident.objects.filter(person=person)
    responses = Response.objects.filter(incident__person=person)
    trajectories = Trajectory.objects.filter(person=person)
    return {
        "format": EXPORT_FORMAT,
        "person": {
            "display_key": person.display_key,
            "merged_keys": person_keys(person)[1:],
            "programmes": list(person.programmes.values_list("slug", flat=True)),
            "created_at": person.created_at,
        },
        "identity": identity,
        "incidents": _rows(incidents),
        "responses": _rows(responses),
        "response_revisions": _rows(ResponseRevision.objects.filter(response__in=responses)),
        "trajectories": _rows(trajectories),
        "trajectory_events": _rows(TrajectoryEvent.objects.filter(trajectory__in=trajectories)),
        "handovers": _rows(Handover.objects.filter(trajectory__in=trajectories)),
        "contacts": _rows(Contact.objects.filter(trajectory__in=trajectories)),
        "tasks": _rows(Task.objects.filter(trajectory__in=trajectories)),
        "plan_versions": _rows(PlanVersion.objects.filter(plan__trajectory__in=trajectories)),
        "plan_goals": _rows(Goal.objects.filter(version__plan__trajectory__in=trajectories)),
        "plan_agreements": _rows(
            Agreement.objects.filter(version__plan__trajectory__in=trajectories)
        ),
        "conference_agenda": _rows(AgendaItem.objects.filter(trajectory__in=trajectories)),
        "conference_decisions": _rows(Decision.objects.filter(item__trajectory__in=trajectories)),
        "breakthroughs": _rows(Breakthrough.objects.filter(trajectory__in=trajectories)),
        # on what legal basis the data went to which organisation
        "sharing": sharing_summary(person),
        # organisations and roles only: the report goes to the person
        "access_log": access_summary(person),
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def stamp(at: dt.datetime) -> str:
    return at.strftime("%Y%m%dT%H%MZ")
