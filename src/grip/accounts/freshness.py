"""A fresh second factor for the acts that matter most: revealing who a person is, and taking
data out of Grip (exports, imports). A stolen but open session is not enough for those.

Use ``fresh_second_factor_required`` on a view; ``has_fresh_second_factor`` where a view
decides itself. The window is ``GRIP_FRESH_FACTOR_MINUTES`` (default 5).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from grip.accounts import sessions
from grip.accounts.middleware import second_factor_redirect

View = TypeVar("View", bound=Callable[..., Any])


def has_fresh_second_factor(request: HttpRequest) -> bool:
    age = sessions.second_factor_age(request.session)
    return age is not None and age <= settings.GRIP_FRESH_FACTOR_MINUTES * 60


def fresh_second_factor_required(view: View) -> View:
    """Without a second factor entered in the last few minutes: first enter one, then back.

    A GET comes back to the same address. A POST cannot be repeated by a redirect, so it comes
    back to the page the form was on (its Referer, when that is this site), to press again.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if has_fresh_second_factor(request):
            return cast(HttpResponse, view(request, *args, **kwargs))
        messages.info(request, _("Bevestig dit met uw tweede stap (de code uit uw app)."))
        return second_factor_redirect(request, _back_to(request))

    return cast(View, wrapped)


def _back_to(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path
