"""Finding a person by identity, for roles allowed to see identity (issue 17, point 9).

By BSN, or by name and date of birth: the input is turned into the keyed pseudonym and
matched exactly, so no identity is decrypted for a BSN search. A person recorded with a BSN
has a BSN pseudonym; searching them by name and date of birth looks at the few identities
under the same name + birth-year blind index and compares name and date exactly (decrypting
only those). Only persons known in a programme where the user may see identity are found.
Every search is logged with the purpose the user gives, also when it finds nobody.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.identity.keys import key_ring
from grip.people.identity.matching import surviving
from grip.people.identity.pseudonym import name_year_index, normalise_name, pseudonym
from grip.people.identity.records import unseal
from grip.people.models import Person, PersonIdentity

PURPOSE_PREFIX = "people:identity-search: "


def identity_programmes(user: Any) -> set[int]:
    return set(grants_for(user).programmes(DataClass.IDENTITY, Action.VIEW))


def find_by_identity(
    actor: Any, *, purpose: str, bsn: str = "", name: str = "", date_of_birth: dt.date | None
) -> list[Person]:
    allowed = identity_programmes(actor)
    if not allowed:
        raise PermissionDenied
    if not purpose.strip():
        raise ValidationError({"purpose": _("Geef aan waarvoor u zoekt.")})
    if not bsn.strip() and not (name.strip() and date_of_birth):
        raise ValidationError(_("Zoek op BSN, of op naam en geboortedatum samen."))
    if bsn.strip():
        rows = list(
            PersonIdentity.objects.filter(pseudonym=pseudonym(bsn=bsn, name="", date_of_birth=None))
        )
    else:
        exact = pseudonym(bsn="", name=name, date_of_birth=date_of_birth)
        rows = list(PersonIdentity.objects.filter(pseudonym=exact))
        index = name_year_index(name=name, date_of_birth=date_of_birth)
        ring = key_ring()
        for other in PersonIdentity.objects.filter(name_year_index=index).exclude(pseudonym=exact):
            try:
                theirs = unseal(other, ring)
            except IdentityDecryptionError:
                continue
            if (
                normalise_name(theirs.name) == normalise_name(name)
                and theirs.date_of_birth == date_of_birth
            ):
                rows.append(other)
    found: dict[int, Person] = {}
    for row in rows:
        person = surviving(row.person)
        if person.programmes.filter(pk__in=sorted(allowed)).exists():
            found[person.pk] = person
    persons = sorted(found.values(), key=lambda p: p.display_key)
    with transaction.atomic():
        text = (PURPOSE_PREFIX + purpose.strip())[:200]
        record(actor, AccessEventAction.SEARCH, purpose=text)
        for person in persons:
            record(actor, AccessEventAction.SEARCH, obj=person, person_key=person.display_key,
                   purpose=text)  # fmt: skip
    return persons
