"""What a privacy officer reads of the access log, and its CSV export.

Programme scoping applies to the officer too: rows of their programmes, and rows without a
programme (a timeline, a refusal) written by users who work in one of their programmes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from grip.access.grants import grants_for
from grip.access.models import AccessEvent, AccessEventAction, BreakGlass
from grip.access.policy import Action, DataClass
from grip.csvfile import csv_text
from grip.network.models import Membership, Programme, Role

CSV_COLUMNS = (
    "at_utc",
    "user",
    "responsible_user",
    "organisation",
    "role",
    "action",
    "outcome",
    "break_glass",
    "programme",
    "person_key",
    "object_type",
    "object_id",
    "purpose",
)


def audit_programmes(officer: Any, action: Action = Action.VIEW) -> list[int]:
    return sorted(grants_for(officer).programmes(DataClass.AUDIT, action))


def _members_of(programme_ids: list[int]) -> Any:
    return Membership.objects.filter(programmes__in=programme_ids).values("user")


def _keys_known_in(programme_ids: list[int]) -> Any:
    """The display keys of the persons known in the programmes. The access app sits below
    the people app and does not import it; the log names persons by key only, so the table
    is looked up by name here."""
    person = apps.get_model("people", "Person")
    return person.objects.filter(programmes__in=programme_ids).values("display_key")


def visible_events(officer: Any, action: Action = Action.VIEW) -> models.QuerySet[AccessEvent]:
    """Rows of the officer's programmes; rows without a programme when they concern a person
    known there or were written by someone who works there (a break-the-glass access from
    another programme is therefore seen by the person's privacy officer); every row an
    administrator wrote: administrators work across programmes, and their changes of users,
    memberships and settings concern them all (issue 22); and security events outside any
    programme (failed logins, lock-outs: they name accounts, not persons, and concern every
    programme)."""
    ids = audit_programmes(officer, action)
    if not ids:
        return AccessEvent.objects.none()
    slugs = Programme.objects.filter(pk__in=ids).values("slug")
    return AccessEvent.objects.filter(
        models.Q(programme__in=slugs)
        | models.Q(programme="", user__in=_members_of(ids))
        | models.Q(programme="", person_key__in=_keys_known_in(ids))
        | models.Q(programme="", role=Role.ADMINISTRATOR)
        | models.Q(programme="", action=AccessEventAction.SECURITY)
    )


def visible_break_glass(officer: Any) -> models.QuerySet[BreakGlass]:
    """Emergency accesses to persons of the officer's programmes, or by users who work there."""
    ids = audit_programmes(officer)
    if not ids:
        return BreakGlass.objects.none()
    return BreakGlass.objects.filter(
        models.Q(user__in=_members_of(ids)) | models.Q(person_key__in=_keys_known_in(ids))
    ).select_related("user", "reviewed_by")


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def filtered(events: models.QuerySet[AccessEvent], data: dict[str, Any]) -> models.QuerySet[Any]:
    """Apply the search form's filters; dates are local (Europe/Amsterdam) days, inclusive."""
    if data.get("person_key"):
        events = events.filter(person_key=data["person_key"].strip().upper())
    if data.get("user"):
        events = events.filter(user__username__icontains=data["user"].strip())
    if data.get("organisation"):
        events = events.filter(organisation__icontains=data["organisation"].strip())
    if data.get("date_from"):
        events = events.filter(at__gte=_local_midnight(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_local_midnight(data["date_to"] + dt.timedelta(days=1)))
    for field in ("action", "outcome"):
        if data.get(field):
            events = events.filter(**{field: data[field]})
    if data.get("break_glass"):
        events = events.filter(break_glass=data["break_glass"] == "yes")
    return events.select_related("user", "responsible_user")


def as_csv(events: Iterable[AccessEvent]) -> str:
    """Every cell through Grip's one CSV writer: user names, keys, objects and programmes are
    neutralised as much as the free text (any logged-in user can get text into the log)."""
    return csv_text(CSV_COLUMNS, (_csv_row(event) for event in events))


def _csv_row(event: AccessEvent) -> list[str]:
    return [
        event.at.astimezone(dt.UTC).isoformat(),
        event.user.get_username() if event.user else "",
        event.responsible_user.get_username() if event.responsible_user else "",
        event.organisation,
        event.role,
        event.action,
        event.outcome,
        "yes" if event.break_glass else "no",
        event.programme,
        event.person_key,
        event.object_type,
        event.object_id,
        event.purpose,
    ]


def now_stamp() -> str:
    return timezone.now().strftime("%Y%m%dT%H%MZ")
