"""What runs in the separate processes of test_shared_cache: each is a fresh interpreter
(multiprocessing's spawn), set up from the environment like a second web server would be, so it
shares nothing with the others but the cache it is pointed at."""

from __future__ import annotations

import os


def start_process(environment: dict[str, str]) -> None:
    """Pool initialiser: this process's settings, then Django."""
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings")
    import django

    django.setup()


def use_totp_code(secret: str, user_id: int, code: str) -> tuple[int, bool]:
    """Check ``code`` as allauth's second step does (valid, and not used before)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from grip.accounts.secrets import seal

    authenticator = Authenticator(user_id=user_id, type=Authenticator.Type.TOTP)
    authenticator.data = {"secret": seal(secret)}
    return os.getpid(), TOTP(authenticator).validate_code(code)


def try_password(username: str) -> tuple[int, bool]:
    """One failed password attempt as allauth's login counts it; False when locked out."""
    from allauth.account.adapter import DefaultAccountAdapter, get_adapter
    from django.core.exceptions import ValidationError
    from django.test import RequestFactory

    request = RequestFactory().post("/inloggen/", REMOTE_ADDR="192.0.2.10", SERVER_NAME="127.0.0.1")
    try:
        # allauth's own counting, on Grip's adapter (its client address), without Grip's
        # security-event row: this process has no database of its own, only the shared cache.
        DefaultAccountAdapter.pre_authenticate(
            get_adapter(request), request, username=username, password="fout"
        )
    except ValidationError:
        return os.getpid(), False
    return os.getpid(), True
