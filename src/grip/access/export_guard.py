"""A guard around the access log's own exports, provided by a higher app.

Taking the access log out of Grip asks for a fresh second factor, like every export. The
second factor lives in ``grip.accounts``, which sits above ``access`` (it reads the policy), so
``access`` cannot import it: ``accounts`` registers its check here when the app starts, and
``export_guard`` applies whatever is registered at request time. With nothing registered (a
configuration without the accounts app) the view runs as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]

_guards: list[Callable[[View], View]] = []


def register(guard: Callable[[View], View]) -> None:
    if guard not in _guards:
        _guards.append(guard)


def export_guard(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        guarded = view
        for guard in _guards:
            guarded = guard(guarded)
        return guarded(request, *args, **kwargs)

    return wrapped
