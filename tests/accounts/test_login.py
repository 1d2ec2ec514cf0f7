"""Two-factor login: who needs a second factor, the second step, enrolment at first login,
recovery codes, and that a password alone reaches no page with person data."""

from __future__ import annotations

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grip.accounts.devices import DEMO_TOTP_SECRET, current_code, give_totp
from grip.accounts.rules import role_requires_second_factor, second_factor_required
from grip.network.models import Role
from tests.accounts.helpers import code_step, password_step
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

# Roles without any person data: the analyst sees only figures.
WITHOUT_PERSON_DATA = {Role.ANALYST}


def test_every_role_with_person_data_and_the_administrator_need_a_second_factor() -> None:
    for role in Role:
        assert role_requires_second_factor(role) is (role not in WITHOUT_PERSON_DATA), role


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_personas_need_a_second_factor_as_the_policy_says(persona, name: str) -> None:
    assert second_factor_required(persona(name)) is (name != "analyst")


def test_a_password_alone_does_not_log_in_a_user_with_a_second_factor(client, persona) -> None:
    give_totp(persona("coordinator"))
    response = password_step(client, "persona-coordinator")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Between the steps nobody is logged in: every page sends back to the login.
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("login"))
    page = client.get(reverse("mfa_authenticate"))
    assert "Tweede stap" in page.content.decode()

    assert code_step(client, "000000").status_code == 200  # a wrong code: still the step
    assert client.get(reverse("home")).status_code == 302
    assert code_step(client).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_works_once_as_the_second_step(persona) -> None:
    user = persona("triage_nurse")
    give_totp(user)
    code = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    first = Client()
    password_step(first, "persona-triage_nurse")
    assert code_step(first, code).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    second = Client()
    password_step(second, "persona-triage_nurse")
    assert code_step(second, code).status_code == 200  # used up
    assert second.get(reverse("home")).status_code == 302


def test_first_login_forces_setting_up_the_second_factor(client, persona) -> None:
    persona("police_officer")  # no authenticator yet
    assert password_step(client, "persona-police_officer").status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(
        user__username="persona-police_officer", type=Authenticator.Type.TOTP
    ).exists()
    # Setting it up proved a code: the session counts as having its second factor.
    assert client.get(reverse("home")).status_code == 200


def test_a_role_without_person_data_logs_in_with_a_password(client, persona) -> None:
    persona("analyst")
    password_step(client, "persona-analyst")
    assert client.get(reverse("home")).status_code == 200


def test_the_administrator_needs_it_for_the_admin_site(client, persona) -> None:
    persona("administrator")
    password_step(client, "persona-administrator")
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_admin_login_form_is_not_a_way_around(client) -> None:
    response = client.get("/beheer/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _example_path(pattern: str) -> str:
    """A concrete path for a route: every converter gets a plausible value (the middleware
    answers before any view, so the value need not exist)."""
    import re

    path = re.sub(r"<int:[^>]+>", "1", pattern)
    path = re.sub(r"<(?:str|slug|path):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


# Where a user who has not passed the second step may still go: setting it up, logging out,
# the language switch, the admin's redirect to the login. None of them shows person data.
EXEMPT_PREFIXES = ("/account/", "/uitloggen/", "/i18n/", "/inloggen/", "/static/")


def test_a_password_alone_reaches_no_page_of_grip(persona) -> None:
    """Walk every URL pattern as a user with person-data rights who has entered only the
    password: each answers with a redirect to the second factor, none shows a page."""
    for name in ("coordinator", "administrator"):
        user = persona(name)
        client = Client()
        client.force_login(user)  # a password login, no second factor in the session
        paths = [_example_path(p) for p in _patterns(get_resolver())]
        checked = 0
        for path in sorted(set(paths)):
            if path.startswith(EXEMPT_PREFIXES) or "(?P" in path:
                continue
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code == 302, (name, path, response.status_code)
                assert response["Location"].startswith("/account/2fa/"), (path, response)
            checked += 1
        assert checked > 20


def test_demo_code_prints_the_current_code_for_demo_users_only(persona, capsys) -> None:
    give_totp(persona("coordinator"), DEMO_TOTP_SECRET)
    with time_machine.travel(1_800_000_000, tick=False):
        call_command("demo_code", "persona-coordinator")
        assert capsys.readouterr().out.strip() == current_code(DEMO_TOTP_SECRET)
    give_totp(persona("analyst"), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    with pytest.raises(Exception, match="not a demo user"):
        call_command("demo_code", "persona-analyst")


def test_repeated_failures_lock_the_user_name_out_with_a_dutch_message(client, persona) -> None:
    persona("analyst")
    with time_machine.travel(1_800_000_000, tick=False):
        for _attempt in range(5):
            response = password_step(client, "persona-analyst", "fout")
            assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
        # Locked: even the right password is refused now, with the lock-out message.
        response = password_step(client, "persona-analyst")
        assert response.status_code == 200
        assert "tijdelijk geblokkeerd" in response.content.decode()
        assert client.get(reverse("home")).status_code == 302
        # Another browser (another address) gets the same answer for this user name.
        other = Client(REMOTE_ADDR="192.0.2.7")
        assert "tijdelijk geblokkeerd" in password_step(other, "persona-analyst").content.decode()
    with time_machine.travel(1_800_000_000 + 16 * 60, tick=False):
        assert password_step(client, "persona-analyst").status_code == 302  # lifted
        assert client.get(reverse("home")).status_code == 200


def test_wrong_second_step_codes_lock_out_too(client, persona) -> None:
    give_totp(persona("coordinator"))
    password_step(client, "persona-coordinator")
    for _attempt in range(5):
        code_step(client, "000000")
    assert code_step(client).status_code == 200  # even the right code is refused now
    assert client.get(reverse("home")).status_code == 302


def test_demo_users_log_in_with_the_demo_secret(client, reference) -> None:
    from grip.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users

    ensure_demo_users()
    ensure_demo_users()  # idempotent: still one TOTP each
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == len(DEMO_USERS)
    assert password_step(client, "spv", DEMO_PASSWORD)["Location"] == reverse("mfa_authenticate")
    assert code_step(client, current_code(DEMO_TOTP_SECRET)).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_second_factor_secrets_are_encrypted_at_rest(persona, settings) -> None:
    from grip.accounts.secrets import PREFIX, unseal

    totp = give_totp(persona("coordinator"), DEMO_TOTP_SECRET)
    stored = Authenticator.objects.get(pk=totp.pk).data["secret"]
    assert stored.startswith(PREFIX)
    assert DEMO_TOTP_SECRET not in stored
    assert unseal(stored) == DEMO_TOTP_SECRET
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "x" * 50, [old_key]
    assert unseal(stored) == DEMO_TOTP_SECRET  # a rotated key still opens it
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="could not be decrypted"):
        unseal(stored)
    assert unseal("PLAINOLDSECRET") == "PLAINOLDSECRET"  # stored before encryption
