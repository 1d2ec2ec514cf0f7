"""Synthetic test data for identities: never a real person's.

BSNs are made here with the eleven-test, written out independently of the code under test.
Fixed ones start with 999, a range used for test persons rather than residents.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import random
from typing import Any

from grip.people.identity import records
from grip.people.identity.keys import key_ring
from grip.people.models import Person, PersonIdentity

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def eleven_test_sum(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, BSN_WEIGHTS, strict=True))


def check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes the eleven-test pass, or None when no digit can."""
    partial = sum(int(d) * w for d, w in zip(first_eight, BSN_WEIGHTS[:8], strict=True))
    digit = partial % 11
    return digit if digit <= 9 else None


def synthetic_bsn(seed: int) -> str:
    """A valid BSN in the 999 test range, the same for the same seed."""
    rng = random.Random(seed)
    while True:
        first = "999" + "".join(str(rng.randrange(10)) for _ in range(5))
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def key(byte: int) -> str:
    """A base64 32-byte test key: every byte the same, obviously not a real key."""
    return base64.b64encode(bytes([byte]) * 32).decode()


def sample_identity(seed: int = 1, **changes: Any) -> records.Identity:
    identity = records.Identity(
        name="Jantje Één Testpersoon",
        date_of_birth=dt.date(1980, 2, 29),
        bsn=synthetic_bsn(seed),
        address="Teststraat 1\n9700 AA Groningen",
    )
    return dataclasses.replace(identity, **changes)


def store_identity(person: Person, identity: records.Identity) -> PersonIdentity:
    """Put an identity in place without the write path's rights check (test set-up only)."""
    row = PersonIdentity(person=person)
    records.seal(row, identity, key_ring())
    records.index(row, identity)
    row.save()
    return row


def tampered(token: str, index: int = -1) -> str:
    """``token`` with one bit of its nonce, ciphertext or tag flipped."""
    prefix, body = token.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(body))
    blob[index] ^= 0x01
    return f"{prefix}:{base64.urlsafe_b64encode(bytes(blob)).decode()}"
