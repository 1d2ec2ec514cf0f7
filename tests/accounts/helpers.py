"""Logging in step by step through the real screens (not the ``logged_in_client`` shortcut)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from grip.accounts.devices import current_code

PASSWORD = "persona-password"


def password_step(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"login": username, "password": password})


def code_step(client: Client, code: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(reverse("mfa_authenticate"), {"code": code or current_code()})
