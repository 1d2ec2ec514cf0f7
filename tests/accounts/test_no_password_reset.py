"""No self-service password reset (issue 22, finding 5; ADR 0042): every page of allauth's
reset flow answers 404, for the anonymous and the logged in alike, and no e-mail goes out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.personas import logged_in_client

RESET_PATHS = [
    "/account/password/reset/",
    "/account/password/reset/done/",
    "/account/password/reset/key/done/",
    "/account/password/reset/key/1-set-password/",
    "/account/password/reset/confirm/",
    "/account/password/reset/complete/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", RESET_PATHS)
def test_the_reset_flow_is_not_found_for_the_anonymous(path: str) -> None:
    client = Client()
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "someone@example.org"}).status_code == 404


def test_a_reset_request_for_a_real_account_sends_nothing(persona) -> None:
    user = persona("coordinator")
    user.email = "coordinator@example.org"
    user.save()
    response = Client().post("/account/password/reset/", {"email": user.email})
    assert response.status_code == 404
    assert mail.outbox == []


def test_the_reset_flow_is_not_found_when_logged_in(persona) -> None:
    client = logged_in_client(persona("coordinator"))
    for path in RESET_PATHS:
        assert client.get(path).status_code == 404, path


def test_allauths_named_reset_url_leads_to_the_refusal() -> None:
    """A template or e-mail that still names allauth's reset URL reaches the 404, too."""
    assert Client().get(reverse("account_reset_password")).status_code == 404


def test_the_login_page_offers_no_reset_link(db) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "password/reset" not in page
