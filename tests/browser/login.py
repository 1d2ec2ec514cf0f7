"""Logging in through the real login screen. Every browser test logs in through here, so a
change to the login flow is made in one place.

The demo users have a TOTP authenticator with the published demo secret
(``grip.accounts.devices``); after the password the second step asks for its current code.
"""

from __future__ import annotations

from typing import Any

from grip.accounts.devices import current_code
from grip.demo.users import DEMO_PASSWORD

SECOND_STEP_PATH = "/account/2fa/authenticate/"


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():  # the form posts, whether the password is right or not
        page.get_by_role("button", name="Inloggen").click()
    if page.url.split("?")[0].endswith(SECOND_STEP_PATH):
        enter_second_factor(page)


def enter_second_factor(page: Any) -> None:
    """On the second-step page: type the current code and confirm, with the keyboard only
    (the code field has the focus on arrival)."""
    page.keyboard.type(current_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")
