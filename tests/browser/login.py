"""Logging in through the real login screen. Every browser test logs in through here, so a
change to the login flow (a second factor, say) is made in one place."""

from __future__ import annotations

from typing import Any

from grip.demo.users import DEMO_PASSWORD


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
