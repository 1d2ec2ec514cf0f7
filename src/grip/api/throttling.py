"""The request-rate limit per API client (Django's cache; ``GRIP_API_RATE``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from grip.api.models import ApiClient


class PerClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self) -> str:
        return str(getattr(settings, "GRIP_API_RATE", "1200/min"))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = request.auth
        if not isinstance(client, ApiClient):
            return None  # the token endpoint: limited by its own failed-attempt rule
        return f"grip-api-rate:{client.pk}"
