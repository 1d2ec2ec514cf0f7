"""Second-factor secrets encrypted at rest (allauth's MFA adapter hooks).

A database dump or backup must not hand out everybody's second factor. Secrets are sealed with
AES-256-GCM under a key derived (HKDF-SHA256) from Django's ``SECRET_KEY``; after a key change
the old key in ``SECRET_KEY_FALLBACKS`` still opens them. A value without the prefix is one
stored before encryption and is returned as it is.
"""

from __future__ import annotations

import base64
import os

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "grip-v1:"
_CONTEXT = b"grip/mfa-secret/v1"


def _key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_CONTEXT)
    return hkdf.derive(secret_key.encode("utf-8"))


def seal(text: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, text.encode("utf-8"), _CONTEXT)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(value: str) -> str:
    if not value.startswith(PREFIX):
        return value
    raw = base64.urlsafe_b64decode(value[len(PREFIX) :])
    nonce, sealed = raw[:12], raw[12:]
    for secret_key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return AESGCM(_key(secret_key)).decrypt(nonce, sealed, _CONTEXT).decode("utf-8")
        except InvalidTag:
            continue
    raise ValueError("A second-factor secret could not be decrypted with any known key.")


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text)
