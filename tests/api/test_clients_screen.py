"""The administrator's screen: create (secret shown once, stored hashed), approval by a second
administrator, rotation and revocation stop the old credentials at once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.api.models import ApiClient, ApiToken
from grip.network.models import Membership, Organisation, Programme
from tests.api.clients import administrator
from tests.personas import logged_in_client


def _token(client_id: str, secret: str) -> int:
    return (
        Client()
        .post(
            "/api/v1/token/",
            {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        )
        .status_code
    )


def _secret(response) -> str:
    return re.search(r'<code id="secret">([^<]+)</code>', response.content.decode()).group(1)


@pytest.mark.django_db
def test_create_approve_rotate_revoke(reference, persona) -> None:
    maker = logged_in_client(persona("administrator"))
    checker = logged_in_client(administrator("checker"))
    made = maker.post(
        reverse("api_clients:new"),
        {
            "name": "Woningcorporatie Noord",
            "organisation": Organisation.objects.get(slug="wij-groningen").pk,
            "programmes": [Programme.objects.get(slug="groninger-hotspot").pk],
            "roles": ["followup_worker"],
            "purpose": "Zorgen over huurders melden",
        },
    )
    assert made.status_code == 200
    client = ApiClient.objects.get()
    secret = _secret(made)
    assert secret not in client.secret_digest
    assert len(client.secret_digest) == 64
    assert not client.service_user.has_usable_password()
    assert _token(client.client_id, secret) == 401  # not approved yet: four eyes
    assert not Membership.objects.filter(user=client.service_user, active=True).exists()

    # the maker may not approve its own client
    maker.post(reverse("api_clients:approve", args=[client.pk]))
    assert _token(client.client_id, secret) == 401
    assert checker.post(reverse("api_clients:approve", args=[client.pk])).status_code == 302
    assert _token(client.client_id, secret) == 200
    assert Membership.objects.get(user=client.service_user).active

    rotated = maker.post(reverse("api_clients:rotate", args=[client.pk]))
    new_secret = _secret(rotated)
    assert _token(client.client_id, secret) == 401
    assert ApiToken.objects.count() == 0  # tokens of the old secret stop too
    assert _token(client.client_id, new_secret) == 200

    response = Client().post(
        "/api/v1/token/",
        {"grant_type": "client_credentials", "client_id": client.client_id,
         "client_secret": new_secret},
    )  # fmt: skip
    bearer = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert Client(headers=bearer).get("/api/v1/signals/").status_code == 200
    assert maker.post(reverse("api_clients:revoke", args=[client.pk])).status_code == 302
    assert Client(headers=bearer).get("/api/v1/signals/").status_code == 401
    assert _token(client.client_id, new_secret) == 401
    purposes = set(AccessEvent.objects.values_list("purpose", flat=True))
    assert {"api:client-create", "api:client-approve", "api:client-rotate",
            "api:client-revoke"} <= purposes  # fmt: skip
    page = maker.get(reverse("api_clients:list"))
    assert "Woningcorporatie Noord" in page.content.decode()
    assert secret not in page.content.decode()


@pytest.mark.django_db
def test_expired_tokens_do_not_work(partner, time_machine) -> None:
    http = partner("worker").http()
    assert http.get("/api/v1/signals/").status_code == 200
    time_machine.move_to("2099-01-01")
    assert http.get("/api/v1/signals/").status_code == 401


@pytest.mark.django_db
def test_a_coordinator_role_cannot_be_given_to_a_system(reference, persona) -> None:
    maker = logged_in_client(persona("administrator"))
    response = maker.post(
        reverse("api_clients:new"),
        {"name": "x", "organisation": Organisation.objects.first().pk,
         "programmes": [Programme.objects.first().pk], "roles": ["coordinator"],
         "purpose": "x"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not ApiClient.objects.exists()
