"""OpenID Connect login through an organisation's identity provider: off by default.

Django-free, because settings.py calls it. The provider itself is allauth's ``openid_connect``;
this only turns the GRIP_OIDC_* settings into allauth's provider configuration.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER = "openid_connect"
PROVIDER_ID = "organisatie"


def oidc_provider_settings(
    *, enabled: bool, name: str, server_url: str, client_id: str, secret: str
) -> dict[str, Any]:
    """allauth's ``SOCIALACCOUNT_PROVIDERS``: empty when off, one app when on."""
    if not enabled:
        return {}
    missing = [
        setting
        for setting, value in (
            ("GRIP_OIDC_SERVER_URL", server_url),
            ("GRIP_OIDC_CLIENT_ID", client_id),
            ("GRIP_OIDC_CLIENT_SECRET", secret),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"GRIP_OIDC_ENABLED needs {', '.join(missing)}.")
    if urlsplit(server_url).scheme != "https":
        raise ImproperlyConfigured("GRIP_OIDC_SERVER_URL must be an https:// address.")
    return {
        PROVIDER: {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": server_url},
                }
            ],
        }
    }


def oidc_form_action_origins(providers: dict[str, Any]) -> list[str]:
    """The identity providers' origins: the login form's post is redirected there, and the
    Content-Security-Policy's ``form-action`` applies to that redirect too."""
    origins = []
    for app in providers.get(PROVIDER, {}).get("APPS", []):
        parts = urlsplit(app["settings"]["server_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins
