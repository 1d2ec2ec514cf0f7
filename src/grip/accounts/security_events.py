"""Receivers that write security events (``grip.access.security``): a failed login, a wrong
second-factor code. Lock-outs and reset requests are caught in the account adapter
(``grip.accounts.adapters``), where allauth decides them."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authentication_failed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from grip.access.security import SecurityEvent, record_security_event


@receiver(user_login_failed)
def on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or credentials.get("email") or "")
    account = get_user_model().objects.filter(username=username).first() if username else None
    record_security_event(
        SecurityEvent.LOGIN_FAILED, request=request, account=account, username=username
    )


@receiver(authentication_failed)
def on_second_factor_failed(
    sender: object, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    again = " (reauthentication)" if kwargs.get("reauthentication") else ""
    record_security_event(
        SecurityEvent.SECOND_FACTOR_FAILED,
        request=request,
        account=user,
        username=user.get_username() if user is not None else "",
        detail=f"wrong code{again}",
    )
