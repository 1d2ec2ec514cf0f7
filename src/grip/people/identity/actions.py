"""Writing and reading a person's identity: the only paths to ``PersonIdentity``.

A right on identity counts only in a programme that knows the person: a coordinator of another
programme learns nothing about a Hotspot person, whatever the role says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction, AccessEventOutcome
from grip.access.policy import Action, DataClass
from grip.network.models import Programme
from grip.people.identity.bsn import clean_bsn, validate_bsn
from grip.people.identity.keys import key_ring
from grip.people.identity.matching import suggest_matches
from grip.people.identity.records import Identity, index, seal, unseal
from grip.people.models import Person, PersonIdentity

REVEAL_PURPOSE = "people:reveal"


class NoIdentity(LookupError):
    """No identity has been recorded for the person."""


def programme_allowing(
    user: Any, person: Person, action: Action, data_class: DataClass = DataClass.IDENTITY
) -> Programme | None:
    """A programme that knows ``person`` and in which ``user`` may do ``action``, if any."""
    ids = grants_for(user).programmes(data_class, action)
    if not ids:
        return None
    return person.programmes.filter(pk__in=sorted(ids)).order_by("pk").first()


def may_reveal(user: Any, person: Person) -> bool:
    return programme_allowing(user, person, Action.VIEW) is not None


def set_identity(
    actor: Any,
    person: Person,
    *,
    name: str,
    date_of_birth: dt.date | None,
    bsn: str,
    address: str,
) -> PersonIdentity:
    """Record or replace who ``person`` is; needs identity *create* (first time) or *change*."""
    bsn = clean_bsn(bsn)
    if bsn:
        try:
            validate_bsn(bsn)
        except ValidationError as error:
            raise ValidationError({"bsn": error.error_list}) from None
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("Een geboortedatum ligt niet in de toekomst.")})
    identity = Identity(
        name=" ".join(name.split()),
        date_of_birth=date_of_birth,
        bsn=bsn,
        address=address.strip(),
    )
    with transaction.atomic():
        # The person row is locked so that two first writes cannot both create; the identity
        # row so that a concurrent key rotation cannot write the old identity back over this one.
        Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).get()
        row = PersonIdentity.objects.select_for_update().filter(person=person).first()
        action = Action.CREATE if row is None else Action.CHANGE
        programme = programme_allowing(actor, person, action)
        if programme is None:
            raise PermissionDenied
        if row is None:
            row = PersonIdentity(person=person)
        seal(row, identity, key_ring())
        index(row, identity)
        row.save()
        record(
            actor,
            AccessEventAction.CREATE if action is Action.CREATE else AccessEventAction.UPDATE,
            programme=programme,
            obj=row,
            person_key=person.display_key,
            purpose="people:set_identity",
        )
        # In the same transaction: an identity is never stored without having been compared.
        suggest_matches(actor, row, identity, programme)
    return row


def read_identity(person: Person) -> Identity:
    """Decrypt the identity of ``person``. Checks no right and logs nothing: callers do.

    Screens use ``reveal_identity``. Raises ``NoIdentity`` when none is recorded and
    ``cipher.IdentityDecryptionError`` when the stored one fails authentication.
    """
    row = PersonIdentity.objects.filter(person=person).first()
    if row is None:
        raise NoIdentity(person.display_key)
    return unseal(row, key_ring())


def reveal_identity(
    actor: Any, person: Person, *, purpose: str = REVEAL_PURPOSE
) -> Identity | None:
    """Show ``actor`` who ``person`` is, logged as a reveal; None when nothing is recorded.

    A refused attempt raises ``PermissionDenied`` and is logged as refused: trying to learn who
    someone is is itself worth an audit line.
    """
    programme = programme_allowing(actor, person, Action.VIEW)
    if programme is None:
        record(
            actor,
            AccessEventAction.REVEAL,
            obj=person,
            person_key=person.display_key,
            purpose=purpose,
            outcome=AccessEventOutcome.REFUSED,
        )
        raise PermissionDenied
    with transaction.atomic():
        record(
            actor,
            AccessEventAction.REVEAL,
            programme=programme,
            obj=person,
            person_key=person.display_key,
            purpose=purpose,
        )
        try:
            return read_identity(person)
        except NoIdentity:
            return None
