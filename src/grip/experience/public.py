"""The page the person (or a relative) opens from the one-time link: no login, nothing but
the questions, in plain Dutch. It shows no name, key, programme or worker: whoever holds the
link learns nothing from it. Used or expired links, and unknown tokens, all get the same
page. Requests are counted per client address in the cache; too many is 429."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from grip.experience import actions
from grip.experience.forms import QuestionsForm

RATE_WINDOW_SECONDS = 600


def rate_limit() -> int:
    return int(getattr(settings, "GRIP_EXPERIENCE_LINK_RATE", 30))


def client_address(request: HttpRequest) -> str:
    """The client's address as the login lock-out sees it: behind ``GRIP_TRUSTED_PROXY_COUNT``
    reverse proxies, from X-Forwarded-For (else every person would share the proxy's limit)."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def _too_many(request: HttpRequest) -> bool:
    """One more request from this address in the window; true once over the limit. Counts
    every request, valid token or not, so guessing tokens is slowed down as well."""
    address = client_address(request)
    key = f"grip:experience:link:{address}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > rate_limit()


def _page(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    # The token never travels to another site. Not "no-referrer": the form's POST would then
    # carry "Origin: null" and fail the CSRF origin check (the browser test found this).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required  # the person has no account: the random token is the only key
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if _too_many(request):
        return _page(request, "experience/public_gone.html", {"too_many": True}, status=429)
    link = actions.open_link(token)
    if link is None:
        return _page(request, "experience/public_gone.html", {}, status=404)
    form = QuestionsForm(
        request.POST if request.method == "POST" else None,
        respondent=link.respondent,
        by_link=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_by_link(token, form.answers())
        except PermissionDenied:
            return _page(request, "experience/public_gone.html", {}, status=404)
        return _page(request, "experience/public_thanks.html", {})
    status = 400 if request.method == "POST" else 200
    return _page(request, "experience/public_answer.html", {"form": form}, status=status)
