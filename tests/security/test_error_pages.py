"""Every error page is Dutch and in Grip's look, never Django's or allauth's English page
(issue 22, finding 14). The 400, CSRF and 500 pages are rendered without a request, so they
show even when what failed is the database or a context processor."""

from __future__ import annotations

import pytest
from allauth.core.ratelimit import respond_429
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db

GRIP_LOOK = 'href="/static/grip/grip.css'
ENGLISH = ("Bad Request", "Server Error", "Forbidden", "Not Found", "Too Many Requests")


def _assert_grip_page(content: bytes, heading: str) -> None:
    page = content.decode()
    assert GRIP_LOOK in page
    assert f"<h1>{heading}</h1>" in page
    assert '<html lang="nl">' in page
    for english in ENGLISH:
        assert english not in page


def test_400_is_dutch() -> None:
    # A host Grip does not answer to: Django refuses it with a 400 before any view runs.
    response = Client().get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    _assert_grip_page(response.content, "Ongeldig verzoek")


def test_403_is_dutch(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("analyst").get("/triage/import/")
    assert response.status_code == 403
    _assert_grip_page(response.content, "Geen toegang")


def test_csrf_failure_is_dutch(persona) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"login": "x", "password": "y"})
    assert response.status_code == 403
    _assert_grip_page(response.content, "Formulier verlopen")


def test_404_is_dutch(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("coordinator").get("/bestaat-niet/")
    assert response.status_code == 404
    _assert_grip_page(response.content, "Niet gevonden")


def test_429_is_dutch() -> None:
    request = RequestFactory().get("/account/password/reset/")
    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    response = respond_429(request)
    assert response.status_code == 429
    _assert_grip_page(response.content, "Te veel verzoeken")


@pytest.mark.urls("tests.security.error_urls")
def test_500_is_dutch_and_needs_no_request_context(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    client.raise_request_exception = False
    response = client.get("/test-fout/")
    assert response.status_code == 500
    _assert_grip_page(response.content, "Er ging iets mis")
