"""The audit key as a setting: the HMAC key of the access log's hash chain and of the purge's
tombstones (ADR 0053), parsed and checked once, when settings load.

Django-free on purpose, like ``grip.people.identity.config``: ``grip.settings`` imports it
before any app is ready. ``GRIP_AUDIT_KEY`` (or ``GRIP_AUDIT_KEY_FILE``) is one base64 key of at
least 32 bytes. Development falls back to a fixed key marked NOT-SECRET; production refuses to
start without a real one.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

MIN_AUDIT_KEY_BYTES = 32  # at least the HMAC-SHA256 output size
# Public: a chain keyed with it proves nothing. Refused in production.
DEV_AUDIT_KEY = b"grip-dev-audit-key-NOT-SECRET-000"


def audit_key_setting(raw: str, *, production: bool) -> bytes:
    raw = raw.strip()
    if not raw:
        if production:
            raise ImproperlyConfigured("GRIP_AUDIT_KEY must be set in production.")
        return DEV_AUDIT_KEY
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("GRIP_AUDIT_KEY is not valid base64.") from None
    if len(key) < MIN_AUDIT_KEY_BYTES:
        raise ImproperlyConfigured(f"GRIP_AUDIT_KEY must be at least {MIN_AUDIT_KEY_BYTES} bytes.")
    if production and key == DEV_AUDIT_KEY:
        raise ImproperlyConfigured("The development audit key is refused in production.")
    return key
