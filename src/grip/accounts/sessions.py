"""What Grip keeps in a session about the login, and ending sessions from outside.

Times are Unix seconds (``time.time()``), as allauth keeps its own records; time-machine
freezes them in tests like every other clock.
"""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from grip.accounts.models import LoginSession

LOGIN_AT = "grip_login_at"  # when the user logged in: the absolute lifetime counts from here
SEEN_AT = "grip_seen_at"  # the last request (to the minute): the idle timeout counts from here
FACTOR_AT = "grip_second_factor_at"  # the last time a second factor was entered


def now() -> float:
    return time.time()


def mark_login(request: HttpRequest, user: AbstractBaseUser) -> None:
    moment = now()
    request.session[LOGIN_AT] = moment
    request.session[SEEN_AT] = moment
    if request.session.session_key:
        LoginSession.objects.get_or_create(
            session_key=request.session.session_key, defaults={"user_id": user.pk}
        )
    # Forget sessions that have expired by now anyway.
    oldest = timezone.now() - dt.timedelta(hours=settings.GRIP_SESSION_MAX_HOURS)
    LoginSession.objects.filter(user_id=user.pk, created_at__lt=oldest).delete()


def mark_second_factor(session: SessionBase) -> None:
    session[FACTOR_AT] = now()


def second_factor_age(session: SessionBase) -> float | None:
    """Seconds since a second factor was last entered in this session; None if never."""
    at = session.get(FACTOR_AT)
    if at is None:
        return None
    return max(0.0, now() - float(at))


def forget(session_key: str | None) -> None:
    if session_key:
        LoginSession.objects.filter(session_key=session_key).delete()


def end_sessions(user_id: int) -> int:
    """End every session of this user, wherever it is open. Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    keys = list(LoginSession.objects.filter(user_id=user_id).values_list("session_key", flat=True))
    for key in keys:
        store.delete(key)
    LoginSession.objects.filter(user_id=user_id).delete()
    return len(keys)
