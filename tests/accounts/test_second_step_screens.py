"""The second-step screens a user meets (set-up with the QR code, the overview, recovery codes,
security keys, re-confirmation) are Grip's own, in Dutch with "u", and ask a phone for its
number pad for codes (issue 20)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grip.accounts.devices import give_totp
from tests.accounts.helpers import password_step
from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db

# allauth's own English (and its Dutch catalogue's informal "je"): none may reach the screen.
STOCK_WORDS = re.compile(
    r"Two-Factor|Authenticator App|Recovery Codes|Security Key|Activate|Generate|Deactivate"
    r"|\bje\b|\bjouw\b|QR code|verificatie code",
)


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_setting_up_the_authenticator_is_dutch_with_a_qr_code_and_number_pad(
    client, persona
) -> None:
    persona("police_officer")  # no authenticator yet: the first login sets it up
    password_step(client, "persona-police_officer")
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert 'alt="QR-code om Grip aan uw authenticator-app toe te voegen"' in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html
    assert not STOCK_WORDS.search(_visible_text(html)), STOCK_WORDS.findall(_visible_text(html))


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
    ],
)
def test_second_step_screens_are_grips_own_in_dutch(persona, name: str) -> None:
    client = logged_in_client(persona("coordinator"))
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="narrow' in html or "<h1>" in html
    text = _visible_text(html)
    assert not STOCK_WORDS.search(text), STOCK_WORDS.findall(text)


def test_the_code_field_of_the_second_step_opens_the_number_pad(client, persona) -> None:
    persona("triage_nurse")

    give_totp(get_user_model().objects.get(username="persona-triage_nurse"))
    password_step(client, "persona-triage_nurse")
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html
