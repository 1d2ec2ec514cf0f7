"""Session rules on every request: idle timeout and absolute lifetime, the second factor that
roles with person data must have, and no caching of any page a logged-in user sees.

Order in settings.MIDDLEWARE: after authentication and messages, so that a session that ends
can say why, and before any view.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from grip.accounts import sessions
from grip.accounts.rules import second_factor_required

# The last-seen time is written at most once a minute: not a session write on every request.
SEEN_RESOLUTION_SECONDS = 60

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session, moment = request.session, sessions.now()
        login_at = float(session.get(sessions.LOGIN_AT, moment))
        seen_at = float(session.get(sessions.SEEN_AT, moment))
        if moment - login_at > settings.GRIP_SESSION_MAX_HOURS * 3600:
            reason = _("U was te lang ingelogd. Log opnieuw in.")
        elif moment - seen_at > settings.GRIP_SESSION_IDLE_MINUTES * 60:
            reason = _("Uw sessie is verlopen omdat u een tijd niets deed. Log opnieuw in.")
        else:
            if sessions.LOGIN_AT not in session:
                session[sessions.LOGIN_AT] = moment
            if sessions.SEEN_AT not in session or moment - seen_at >= SEEN_RESOLUTION_SECONDS:
                session[sessions.SEEN_AT] = moment
            return None
        sessions.forget(session.session_key)
        logout(request)
        messages.info(request, reason)
        return redirect_to_login(request.get_full_path())


def _exempt_prefixes() -> tuple[str, ...]:
    """Where a user without the second factor yet may go: setting it up (allauth's pages),
    logging out, choosing a language, static files."""
    return (
        "/account/",
        reverse("logout"),
        reverse("set_language"),
        settings.STATIC_URL or "/static/",
    )


class SecondFactorMiddleware:
    """A role that sees person data gets no page before a second factor: set one up at first
    login, or enter it (a session that has none, e.g. through a provider's login)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and sessions.second_factor_age(request.session) is None
            and not request.path.startswith(_exempt_prefixes())
            and second_factor_required(user)
        ):
            return second_factor_redirect(request, request.get_full_path())
        return self.get_response(request)


def second_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    """To entering a second factor (allauth's reauthentication), or to setting one up first."""
    if is_mfa_enabled(request.user):
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    messages.info(
        request,
        _(
            "Grip vraagt bij het inloggen om een tweede stap. Stel eerst een authenticator-app "
            "in: scan de QR-code en voer de code in die de app toont."
        ),
    )
    return redirect("mfa_activate_totp")


class NoStoreMiddleware:
    """No browser or proxy keeps a page Grip renders: they hold person data or lead to it, and
    the back button on a shared computer after logging out must show nothing. (Static files
    are served by WhiteNoise before this and stay cacheable.)"""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in a query string or a form value is never meant: refuse the request with
    400 before a view sees it. Forms refuse NUL already (Django's validator), but views that
    read a filter straight from ``request.GET`` would hand it to PostgreSQL, which cannot
    store or compare text with NUL and answers with an error (a 500) instead."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Reading POST here parses the form no earlier than the CSRF check does.
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest(_("Het verzoek bevat een ongeldig teken (NUL)."))
        return self.get_response(request)


def _has_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())
