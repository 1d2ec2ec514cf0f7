"""Logging in through the real login screen. Every browser test logs in through here, so a
change to the login flow is made in one place.

The demo users have a TOTP authenticator with the published demo secret
(``grip.accounts.devices``); after the password the second step asks for its current code.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from allauth.mfa import app_settings
from playwright.sync_api import expect

from grip.accounts.devices import current_code
from grip.demo.users import DEMO_PASSWORD

SECOND_STEP_PATH = "/account/2fa/authenticate/"
# Seconds before a code's period ends within which a test waits for the next code: the server
# accepts the current period's code only (no tolerance), and typing, posting and checking it
# can take a second or two on a busy machine.
FRESH_CODE_MARGIN = 3.0


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():  # the form posts, whether the password is right or not
        page.get_by_role("button", name="Inloggen").click()
    if _path(page) == SECOND_STEP_PATH:
        enter_second_factor(page)
        if _path(page) == SECOND_STEP_PATH:
            raise AssertionError(f"{username}: the second step refused the code: {_errors(page)}")


def enter_second_factor(page: Any) -> None:
    """On the second-step page: type the current code and confirm, with the keyboard only
    (the code field has the focus on arrival)."""
    # Chromium gives the autofocus field its focus at a rendering step that can come after the
    # load event: typing at once lost the first digit now and then. Waiting for the focus
    # still tests that it arrives there by itself.
    expect(page.get_by_label("Code")).to_be_focused()
    _wait_for_a_fresh_code()
    page.keyboard.type(current_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _path(page: Any) -> str:
    return str(urlsplit(page.url).path)


def _errors(page: Any) -> str:
    shown = page.locator(".form-summary li, .errors li").all_inner_texts()
    return " ".join(shown) or "(no error shown)"


def _wait_for_a_fresh_code() -> None:
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < FRESH_CODE_MARGIN:
        time.sleep(left + 0.1)
