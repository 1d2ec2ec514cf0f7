"""Second-factor devices made in code: the demo users' TOTP (with a fixed, published demo
secret: never for real accounts) and the test helpers'. The secret and codes are allauth's."""

from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import AbstractBaseUser

# The demo's TOTP secret (base32), printed in README.md: anyone may know it. Only `manage.py demo`
# and the tests use it.
DEMO_TOTP_SECRET = "GRIPDEMOGRIPDEMOGRIPDEMOGRIPDEMO"  # noqa: S105 - published on purpose


def give_totp(user: AbstractBaseUser, secret: str = DEMO_TOTP_SECRET) -> Authenticator:
    """Give ``user`` a TOTP authenticator with ``secret`` and recovery codes, unless they
    have a TOTP authenticator already (then that one is kept as it is)."""
    existing = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator


def current_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app with ``secret`` shows now."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
