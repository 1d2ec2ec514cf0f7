"""Client secrets and access tokens: random values, stored as SHA-256 digests only."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from grip.api.models import ApiClient, ApiToken

SECRET_BYTES = 32


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "GRIP_API_TOKEN_SECONDS", 600)))


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh secret and its digest; the secret is shown once and never stored."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return secret, digest(secret)


def new_client_id() -> str:
    return f"grip-{secrets.token_hex(8)}"


def check_secret(client: ApiClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_digest, digest(secret))


@dataclass(frozen=True)
class IssuedToken:
    value: str
    expires_in: int


def issue_token(client: ApiClient) -> IssuedToken:
    value = secrets.token_urlsafe(SECRET_BYTES)
    lifetime = token_lifetime()
    now = timezone.now()
    ApiToken.objects.create(
        client=client, digest=digest(value), issued_at=now, expires_at=now + lifetime
    )
    # Expired tokens are useless; drop this client's old ones so the table stays small.
    ApiToken.objects.filter(client=client, expires_at__lt=now - lifetime).delete()
    return IssuedToken(value, int(lifetime.total_seconds()))


def client_for_token(value: str) -> ApiClient | None:
    token = (
        ApiToken.objects.select_related("client__service_user")
        .filter(digest=digest(value), expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.client.is_usable or not token.client.service_user.is_active:
        return None
    return token.client
