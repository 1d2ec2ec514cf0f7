from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from grip import settings as grip_settings

pytestmark = pytest.mark.django_db


def test_argon2_is_the_password_hasher() -> None:
    assert grip_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_new_passwords_are_hashed_with_argon2() -> None:
    with override_settings(PASSWORD_HASHERS=grip_settings.PASSWORD_HASHERS):
        user = get_user_model().objects.create_user("argon", password="een-lang-wachtwoord")
    assert user.password.startswith("argon2")


def test_login_screen_is_dutch_and_wrong_password_says_so(client, persona) -> None:
    persona("coordinator")
    page = client.get(reverse("login"))
    assert "Inloggen bij Grip" in page.content.decode()
    response = client.post(reverse("login"), {"login": "persona-coordinator", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_login_and_logout(client, persona) -> None:
    persona("analyst")  # no person data, so no second factor required (tests/accounts)
    response = client.post(
        reverse("login"), {"login": "persona-analyst", "password": "persona-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_english_is_available(client_for) -> None:
    client = client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("intake:incident_list")).content.decode()
    assert "Incidents" in html
