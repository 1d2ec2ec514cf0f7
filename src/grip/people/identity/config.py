"""The identity keys as settings: parsed and checked once, when settings load.

Django-free on purpose: ``grip.settings`` imports this module before any app is ready.

``GRIP_IDENTITY_KEYS`` is a list of ``keyid:base64key`` entries separated by commas or new
lines (a key file reads well one per line). The first entry is the current key: new
ciphertexts use it. The others only decrypt, until ``rotate_identity_keys`` has moved every row
to the current key and they can be removed. ``GRIP_PSEUDONYM_KEY`` is one base64 key for the
HMAC pseudonym. Both may also come from ``*_FILE`` (see ``grip.settings.env``).

Development falls back to fixed keys that are public in this file; production refuses them,
refuses to start without real keys, and refuses a pseudonym key that is also an encryption key.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

AES_KEY_BYTES = 32  # AES-256
MIN_PSEUDONYM_KEY_BYTES = 32  # at least the HMAC-SHA256 output size
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,16}$")

# Public, fixed development keys: anything encrypted with them is readable by anyone.
DEV_IDENTITY_KEY_ID = "dev-not-secret"
DEV_IDENTITY_KEY = b"grip-dev-identity-key-NOT-SECRET"
DEV_PSEUDONYM_KEY = b"grip-dev-pseudonym-key-NOT-SECRET"
DEV_IDENTITY_KEYS = f"{DEV_IDENTITY_KEY_ID}:{base64.b64encode(DEV_IDENTITY_KEY).decode()}"
DEV_PSEUDONYM_KEY_B64 = base64.b64encode(DEV_PSEUDONYM_KEY).decode()


@dataclass(frozen=True)
class KeyRing:
    """Encryption keys by id; ``current_id`` names the key that encrypts."""

    current_id: str
    # repr=False: a key ring in a traceback or log line must not print the keys.
    keys: dict[str, bytes] = field(repr=False)

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current_id]


class KeySettings(NamedTuple):
    identity_keys: str
    pseudonym_key: str


def parse_key_ring(raw: str) -> KeyRing:
    """Parse ``keyid:base64key`` entries; raise ``ImproperlyConfigured`` on any flaw."""
    entries = [entry.strip() for entry in re.split(r"[,\n]", raw) if entry.strip()]
    if not entries:
        raise ImproperlyConfigured("GRIP_IDENTITY_KEYS holds no key.")
    keys: dict[str, bytes] = {}
    for entry in entries:
        key_id, sep, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not KEY_ID_PATTERN.match(key_id):
            # Never echo the entry: it may be a key.
            raise ImproperlyConfigured(
                "GRIP_IDENTITY_KEYS entries must read 'keyid:base64key' with a key id of 1-16 "
                "letters, digits, '-' or '_'."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"GRIP_IDENTITY_KEYS names key id {key_id!r} twice.")
        key = _decode(encoded, f"GRIP_IDENTITY_KEYS key {key_id!r}")
        if len(key) != AES_KEY_BYTES:
            raise ImproperlyConfigured(
                f"GRIP_IDENTITY_KEYS key {key_id!r} must be {AES_KEY_BYTES} bytes (AES-256)."
            )
        keys[key_id] = key
    return KeyRing(current_id=next(iter(keys)), keys=keys)


def parse_pseudonym_key(raw: str) -> bytes:
    key = _decode(raw, "GRIP_PSEUDONYM_KEY")
    if len(key) < MIN_PSEUDONYM_KEY_BYTES:
        raise ImproperlyConfigured(
            f"GRIP_PSEUDONYM_KEY must be at least {MIN_PSEUDONYM_KEY_BYTES} bytes."
        )
    return key


def key_settings(identity_keys: str, pseudonym_key: str, *, production: bool) -> KeySettings:
    """The values for ``GRIP_IDENTITY_KEYS`` and ``GRIP_PSEUDONYM_KEY``, checked.

    Malformed keys fail everywhere; missing keys fall back to the development keys only
    outside production.
    """
    identity_keys = identity_keys.strip()
    pseudonym_key = pseudonym_key.strip()
    if production:
        if not identity_keys:
            raise ImproperlyConfigured("GRIP_IDENTITY_KEYS must be set in production.")
        if not pseudonym_key:
            raise ImproperlyConfigured("GRIP_PSEUDONYM_KEY must be set in production.")
    identity_keys = identity_keys or DEV_IDENTITY_KEYS
    pseudonym_key = pseudonym_key or DEV_PSEUDONYM_KEY_B64
    ring = parse_key_ring(identity_keys)
    pseudonym = parse_pseudonym_key(pseudonym_key)
    if pseudonym in ring.keys.values():
        # One key for two purposes would tie their rotation and their compromise together.
        raise ImproperlyConfigured("GRIP_PSEUDONYM_KEY must differ from every identity key.")
    if production:
        if DEV_IDENTITY_KEY_ID in ring.keys or DEV_IDENTITY_KEY in ring.keys.values():
            raise ImproperlyConfigured("The development identity key is refused in production.")
        if pseudonym == DEV_PSEUDONYM_KEY:
            raise ImproperlyConfigured("The development pseudonym key is refused in production.")
    return KeySettings(identity_keys=identity_keys, pseudonym_key=pseudonym_key)


def _decode(encoded: str, what: str) -> bytes:
    try:
        return base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{what} is not valid base64.") from None
