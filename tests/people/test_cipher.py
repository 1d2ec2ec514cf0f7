"""AES-GCM tokens: round trip, tampering, and the binding to person row and field."""

from __future__ import annotations

import base64

import pytest

from grip.people.identity import cipher
from grip.people.identity.config import parse_key_ring
from tests.people.synthetic import key, tampered

RING = parse_key_ring(f"k1:{key(1)}")


def test_round_trip() -> None:
    token = cipher.encrypt("Één Testpersoon", person_id=7, field="name", ring=RING)
    assert cipher.decrypt(token, person_id=7, field="name", ring=RING) == "Één Testpersoon"


def test_token_names_its_key_and_hides_the_text() -> None:
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=RING)
    assert token.startswith("v1:k1:")
    assert cipher.token_key_id(token) == "k1"
    assert "Testpersoon" not in token


def test_each_encryption_uses_a_fresh_nonce() -> None:
    first = cipher.encrypt("same", person_id=7, field="name", ring=RING)
    second = cipher.encrypt("same", person_id=7, field="name", ring=RING)
    assert first != second
    nonces = {base64.urlsafe_b64decode(t.split(":")[2])[:12] for t in (first, second)}
    assert len(nonces) == 2


@pytest.mark.parametrize("index", [0, 12, -1])  # nonce, ciphertext, tag
def test_tampered_token_is_rejected(index: int) -> None:
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=RING)
    with pytest.raises(cipher.IdentityDecryptionError, match="failed authentication"):
        cipher.decrypt(tampered(token, index), person_id=7, field="name", ring=RING)


def test_token_moved_to_another_person_is_rejected() -> None:
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=RING)
    with pytest.raises(cipher.IdentityDecryptionError, match="moved from another"):
        cipher.decrypt(token, person_id=8, field="name", ring=RING)


def test_token_moved_to_another_field_is_rejected() -> None:
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=RING)
    with pytest.raises(cipher.IdentityDecryptionError):
        cipher.decrypt(token, person_id=7, field="address", ring=RING)


def test_relabelled_key_id_is_rejected() -> None:
    # The key id is part of the associated data: pointing a token at another key id of the
    # same key bytes does not pass either.
    ring = parse_key_ring(f"k1:{key(1)},k2:{key(2)}")
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=ring)
    same_key_other_id = parse_key_ring(f"k9:{key(1)}")
    relabelled = token.replace("v1:k1:", "v1:k9:")
    with pytest.raises(cipher.IdentityDecryptionError):
        cipher.decrypt(relabelled, person_id=7, field="name", ring=same_key_other_id)


def test_unknown_key_is_named() -> None:
    token = cipher.encrypt("Testpersoon", person_id=7, field="name", ring=RING)
    other = parse_key_ring(f"k2:{key(2)}")
    with pytest.raises(cipher.UnknownKeyError, match="'k1'"):
        cipher.decrypt(token, person_id=7, field="name", ring=other)


@pytest.mark.parametrize("token", ["", "v1:k1", "v2:k1:AAAA", "v1:k1:%%%", "v1:k1:AAAA"])
def test_malformed_token_is_rejected(token: str) -> None:
    with pytest.raises(cipher.IdentityDecryptionError):
        cipher.decrypt(token, person_id=7, field="name", ring=RING)


def test_key_ring_repr_hides_the_keys() -> None:
    assert key(1) not in repr(RING)
    assert repr(bytes([1]) * 32) not in repr(RING)
