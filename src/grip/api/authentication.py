"""Bearer tokens from the token endpoint (OAuth 2.0 client credentials, RFC 6749 §4.4)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from grip.api.credentials import client_for_token
from grip.api.models import ApiClient


class ClientTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``: the request's user is the client's service user and
    ``request.auth`` the client."""

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise AuthenticationFailed()
        client = client_for_token(parts[1].decode("latin-1"))
        if client is None:
            raise AuthenticationFailed()
        return client.service_user, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="grip"'


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "grip.api.authentication.ClientTokenAuthentication"
    name = "oauth2ClientCredentials"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/api/v1/token/", "scopes": {}}},
        }
