"""AES-256-GCM tokens for one identity field of one person.

A token reads ``v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``: it names the key that
made it, so old rows stay readable while the ring holds their key, and carries its own random
96-bit nonce. The associated data binds it to the person row and the field: a token copied to
another person or another field fails authentication just like a tampered one.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from grip.people.identity.config import KeyRing

VERSION = "v1"
NONCE_BYTES = 12  # 96 bits: GCM's native nonce size


class IdentityDecryptionError(Exception):
    """An identity token could not be decrypted; the stored identity is not trustworthy."""


class UnknownKeyError(IdentityDecryptionError):
    """The token names a key that is no longer (or never was) in GRIP_IDENTITY_KEYS."""


def associated_data(person_id: int, field: str, key_id: str) -> bytes:
    return f"grip/person-identity/{VERSION}/person={person_id}/field={field}/key={key_id}".encode()


def encrypt(plaintext: str, *, person_id: int, field: str, ring: KeyRing) -> str:
    key_id = ring.current_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.current_key).encrypt(
        nonce, plaintext.encode("utf-8"), associated_data(person_id, field, key_id)
    )
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{VERSION}:{key_id}:{body}"


def token_key_id(token: str) -> str:
    return _split(token)[0]


def decrypt(token: str, *, person_id: int, field: str, ring: KeyRing) -> str:
    key_id, blob = _split(token)
    key = ring.keys.get(key_id)
    if key is None:
        raise UnknownKeyError(
            f"The identity of person {person_id} (field {field!r}) is encrypted under key "
            f"{key_id!r}, which GRIP_IDENTITY_KEYS no longer holds."
        )
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    try:
        plaintext = AESGCM(key).decrypt(nonce, sealed, associated_data(person_id, field, key_id))
    except InvalidTag:
        raise IdentityDecryptionError(
            f"The identity of person {person_id} (field {field!r}) failed authentication: the "
            "ciphertext was altered, or moved from another person or field."
        ) from None
    return plaintext.decode("utf-8")


def _split(token: str) -> tuple[str, bytes]:
    version, _, rest = token.partition(":")
    key_id, _, body = rest.partition(":")
    if version != VERSION or not key_id or not body:
        raise IdentityDecryptionError("Not an identity token of a known format.")
    try:
        blob = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError):
        raise IdentityDecryptionError("The identity token is not valid base64.") from None
    if len(blob) < NONCE_BYTES + 16:  # a nonce and a 128-bit tag at the least
        raise IdentityDecryptionError("The identity token is too short.")
    return key_id, blob
