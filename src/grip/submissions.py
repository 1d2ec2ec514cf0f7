"""One form submission, one write (issue 22, finding 10).

Every form that creates something carries a one-time ``submission_key`` (``{% submission_key %}``
in the template; a fresh random key each time the form is shown). A view decorated with
``once_per_submission`` runs at most once per key and user: the first request claims the key,
runs, and leaves the address it redirected to; a repeat of the same submission (a double tap,
a resent form, five impatient clicks at once) waits for the first and is sent to the same
result, never to a second record or a server error.

The claim lives in the cache (shared between app servers in production, as the lock-out's
counters are; ``cache.add`` is atomic there). A claim that is lost (a cache restart) costs only
the protection, never a record; the records with a unique key of their own (incidents,
responses) keep it as a second guard in the database.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

FIELD = "submission_key"
# How long a result is remembered (a resent form a day later still finds it), how long a
# repeat waits for the first request to finish, and how often it looks.
REMEMBER_SECONDS = 24 * 60 * 60
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05
# A claim without a result this old belongs to a request that died: it may be taken over.
STALE_SECONDS = 120.0

View = Callable[..., HttpResponse]


def new_key() -> str:
    return str(uuid.uuid4())


def submitted_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD) or "")
    except ValueError:
        return None


def _cache_key(key: uuid.UUID) -> str:
    return f"grip:submission:{key}"


def once_per_submission(view: View) -> View:
    """Run ``view`` once per submission key; a repeat gets the first run's redirect."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = submitted_key(request) if request.method == "POST" else None
        user_id = getattr(request.user, "pk", None)
        if key is None or user_id is None:
            return view(request, *args, **kwargs)
        earlier = _claim(key, user_id)
        if earlier is _BUSY:
            return render(request, "grip/submission_busy.html", status=409)
        if earlier is not None:
            messages.info(
                request,
                _("Dit formulier was al verstuurd; u ziet het resultaat van de eerste keer."),
            )
            return redirect(earlier)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(_cache_key(key))  # nothing was done: a retry may run
            raise
        location = response.get("Location") if response.status_code in (301, 302, 303) else None
        if location:
            cache.set(_cache_key(key), (user_id, location, time.time()), REMEMBER_SECONDS)
        else:
            cache.delete(_cache_key(key))  # refused (errors shown): the same key may try again
        return response

    return guarded


_BUSY = "busy"


def _claim(key: uuid.UUID, user_id: Any) -> str | None:
    """None: this request claimed the key and runs. Otherwise the first run's address, or
    ``_BUSY`` when the first run is still going after the wait."""
    cache_key = _cache_key(key)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(cache_key, (user_id, "", time.time()), REMEMBER_SECONDS):
            return None
        held = cache.get(cache_key)
        if held is None:
            continue  # the first run ended without a result: claim it again
        owner, location, since = held
        if owner != user_id:
            # Keys are random per form: another user's key is no accident.
            raise SuspiciousOperation("submission key of another user")
        if location:
            return str(location)
        if time.time() - since > STALE_SECONDS:
            cache.delete(cache_key)
            continue
        if time.monotonic() > deadline:
            return _BUSY
        time.sleep(POLL_SECONDS)
