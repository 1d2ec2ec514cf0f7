"""The configured keys at run time.

Parsed from settings on use and cached per setting value, so a test (or a reload) that changes
the setting gets the new keys without a restart hook.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from grip.people.identity.config import KeyRing, parse_key_ring, parse_pseudonym_key


def key_ring() -> KeyRing:
    return _key_ring(settings.GRIP_IDENTITY_KEYS)


def pseudonym_key() -> bytes:
    return _pseudonym_key(settings.GRIP_PSEUDONYM_KEY)


@lru_cache(maxsize=4)
def _key_ring(raw: str) -> KeyRing:
    return parse_key_ring(raw)


@lru_cache(maxsize=4)
def _pseudonym_key(raw: str) -> bytes:
    return parse_pseudonym_key(raw)
