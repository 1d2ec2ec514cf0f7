"""Writes of the person's network: add an entry, end one. One transaction each, the right to
record social data in the programme checked, an access-log row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.network.models import Organisation, Programme
from grip.people.models import Person
from grip.people.network import EntryKind, NetworkEntry


def network_programmes(user: Any, person: Person, action: Action) -> list[Programme]:
    """The programmes, known to the person, where ``user`` may ``action`` social data."""
    allowed = grants_for(user).programmes(DataClass.SOCIAL, action)
    return list(person.programmes.filter(pk__in=sorted(allowed)).order_by("name"))


def add_entry(
    actor: Any,
    person: Person,
    *,
    programme: Programme,
    kind: str,
    relationship: str,
    name: str = "",
    organisation: Organisation | None = None,
    reach: str = "",
    consent_to_contact: str = "unknown",
) -> NetworkEntry:
    if programme not in network_programmes(actor, person, Action.CREATE):
        raise PermissionDenied
    if kind == EntryKind.PROFESSIONAL and organisation is None and not name.strip():
        raise ValidationError(
            {"organisation": _("Noem de organisatie of de naam van de professional.")}
        )
    with transaction.atomic():
        entry = NetworkEntry.objects.create(
            person=person, programme=programme, kind=kind, relationship=relationship.strip(),
            name=name.strip(), organisation=organisation, reach=reach.strip(),
            consent_to_contact=consent_to_contact, created_by=actor,
        )  # fmt: skip
        record(actor, AccessEventAction.CREATE, programme=programme, obj=entry,
               person_key=person.display_key, purpose="people:network-add")  # fmt: skip
    return entry


def end_entry(actor: Any, entry: NetworkEntry) -> NetworkEntry:
    """The relation no longer holds (or should no longer be used): it ends, never goes."""
    if entry.programme not in network_programmes(actor, entry.person, Action.CHANGE):
        raise PermissionDenied
    with transaction.atomic():
        changed = NetworkEntry.objects.filter(pk=entry.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=actor
        )
        if not changed:
            raise ValidationError(_("Deze relatie is al beëindigd."))
        entry.refresh_from_db()
        record(actor, AccessEventAction.UPDATE, programme=entry.programme, obj=entry,
               person_key=entry.person.display_key, purpose="people:network-end")  # fmt: skip
    return entry
