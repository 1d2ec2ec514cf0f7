"""The token endpoint: OAuth 2.0 client credentials (RFC 6749 §4.4), short-lived bearer
tokens. A small endpoint of our own instead of django-oauth-toolkit (ADR 0130): Grip needs
only this one grant, and its clients' rights live in memberships, not in OAuth scopes."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.api.credentials import check_secret, issue_token
from grip.api.models import ApiClient
from grip.api.serializers import TokenSerializer


class TokenThrottle(SimpleRateThrottle):
    """Guessing secrets is pointless (256 bits), but a flood of requests is still refused."""

    scope = "api_token"
    rate = "120/min"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return f"grip-api-token:{self.get_ident(request)}"


def _oauth_error(error: str, status_code: int = 400) -> Response:
    response = Response({"error": error}, status=status_code)
    if status_code == 401:
        response["WWW-Authenticate"] = 'Basic realm="grip"'
    return response


def _credentials(request: Request, data: dict[str, Any]) -> tuple[str, str]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _sep, secret = decoded.partition(":")
        return client_id, secret
    return str(data.get("client_id", "")), str(data.get("client_secret", ""))


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes = [TokenThrottle]
    parser_classes = [FormParser, JSONParser]

    @extend_schema(
        summary="Toegangstoken aanvragen (OAuth 2.0 client credentials)",
        request=inline_serializer(
            "TokenRequest",
            {
                "grant_type": serializers.ChoiceField(choices=["client_credentials"]),
                "client_id": serializers.CharField(required=False),
                "client_secret": serializers.CharField(required=False),
            },
        ),
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="invalid_request / unsupported_grant_type"),
            401: OpenApiResponse(description="invalid_client"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        if data.get("grant_type") != "client_credentials":
            return _oauth_error("unsupported_grant_type")
        client_id, secret = _credentials(request, data)
        client = (
            ApiClient.objects.select_related("service_user").filter(client_id=client_id).first()
        )
        if client is None or not check_secret(client, secret) or not client.is_usable:
            return _oauth_error("invalid_client", 401)
        with transaction.atomic():
            token = issue_token(client)
            record(
                client.service_user,
                AccessEventAction.READ,
                object_type="api:token",
                purpose=f"API {client.client_id}: {client.purpose}",
            )
        response = Response(
            {"access_token": token.value, "token_type": "Bearer", "expires_in": token.expires_in}
        )
        response["Cache-Control"] = "no-store"
        return response
