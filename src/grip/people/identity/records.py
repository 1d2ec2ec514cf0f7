"""The ``Identity`` value and its encrypted form on a ``PersonIdentity`` row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grip.people.identity import cipher
from grip.people.identity.config import KeyRing
from grip.people.identity.pseudonym import name_year_index as make_name_year_index
from grip.people.identity.pseudonym import pseudonym as make_pseudonym
from grip.people.models import PersonIdentity

# field name in the associated data -> model column; the names are part of every ciphertext,
# so they never change.
ENCRYPTED_COLUMNS = {
    "name": "name_encrypted",
    "date_of_birth": "date_of_birth_encrypted",
    "bsn": "bsn_encrypted",
    "address": "address_encrypted",
}


@dataclass(frozen=True)
class Identity:
    """Who a person is. Empty strings and ``None`` mean *not known*."""

    name: str
    date_of_birth: dt.date | None
    bsn: str
    address: str

    def __repr__(self) -> str:
        # Identities reach tracebacks and debuggers; their contents must not.
        return "Identity(<protected>)"

    __str__ = __repr__

    @property
    def pseudonym(self) -> str | None:
        return make_pseudonym(bsn=self.bsn, name=self.name, date_of_birth=self.date_of_birth)

    @property
    def name_year_index(self) -> str | None:
        return make_name_year_index(name=self.name, date_of_birth=self.date_of_birth)


def seal(row: PersonIdentity, identity: Identity, ring: KeyRing) -> None:
    """Encrypt ``identity`` onto ``row`` under the ring's current key (does not save)."""
    plain = {
        "name": identity.name,
        "date_of_birth": identity.date_of_birth.isoformat() if identity.date_of_birth else "",
        "bsn": identity.bsn,
        "address": identity.address,
    }
    for field, column in ENCRYPTED_COLUMNS.items():
        token = cipher.encrypt(plain[field], person_id=row.person_id, field=field, ring=ring)
        setattr(row, column, token)
    row.key_id = ring.current_id


def index(row: PersonIdentity, identity: Identity) -> None:
    """Set the keyed look-up values of ``row`` (does not save); they change with the identity,
    never with the encryption key."""
    row.pseudonym = identity.pseudonym
    row.name_year_index = identity.name_year_index


def unseal(row: PersonIdentity, ring: KeyRing) -> Identity:
    """Decrypt ``row``; raises ``cipher.IdentityDecryptionError`` when any field fails."""
    plain = {
        field: cipher.decrypt(getattr(row, column), person_id=row.person_id, field=field, ring=ring)
        for field, column in ENCRYPTED_COLUMNS.items()
    }
    born = plain["date_of_birth"]
    return Identity(
        name=plain["name"],
        date_of_birth=dt.date.fromisoformat(born) if born else None,
        bsn=plain["bsn"],
        address=plain["address"],
    )
