"""Login through an organisation's identity provider (OpenID Connect): off by default; when
turned on, allauth's provider is mounted and offered on the login page, with no network
access needed until someone uses it."""

from __future__ import annotations

import pytest
from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from grip.accounts.oidc import PROVIDER_ID, oidc_form_action_origins, oidc_provider_settings

pytestmark = pytest.mark.django_db

ON = oidc_provider_settings(
    enabled=True,
    name="Inloggen via Gemeente Groningen",
    server_url="https://idp.example.org/realms/grip",
    client_id="grip",
    secret="not-a-real-secret",
)


@pytest.fixture
def no_network(monkeypatch):  # type: ignore[no-untyped-def]
    import socket

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("no network access expected")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_off_by_default(client: Client) -> None:
    assert settings.GRIP_OIDC_ENABLED is False
    assert settings.SOCIALACCOUNT_PROVIDERS == {}
    assert get_adapter().list_apps(None) == []
    assert "Inloggen via" not in client.get(reverse("login")).content.decode()
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == ["'self'"]


def test_turned_on_it_mounts_the_provider_without_network(
    client: Client, settings, no_network
) -> None:  # type: ignore[no-untyped-def]
    settings.SOCIALACCOUNT_PROVIDERS = ON
    apps = get_adapter().list_apps(None)
    assert [(app.provider, app.provider_id) for app in apps] == [("openid_connect", PROVIDER_ID)]
    page = client.get(reverse("login")).content.decode()
    login_url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert "Inloggen via Gemeente Groningen" in page
    assert f'action="{login_url}' in page
    assert oidc_form_action_origins(ON) == ["https://idp.example.org"]


def test_half_a_configuration_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="GRIP_OIDC_CLIENT_SECRET"):
        oidc_provider_settings(
            enabled=True, name="x", server_url="https://idp.example.org", client_id="c", secret=""
        )
    with pytest.raises(ImproperlyConfigured, match="https"):
        oidc_provider_settings(
            enabled=True, name="x", server_url="http://idp.example.org", client_id="c", secret="s"
        )
