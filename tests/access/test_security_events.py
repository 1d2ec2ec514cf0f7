"""Finding 13 of the second review: security events are recorded in the access log, where the
privacy officer finds them (``grip.access.security``)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from grip.access import chain
from grip.access.models import AccessEvent, AccessEventAction
from grip.access.security import SecurityEvent, record_security_event
from grip.accounts.devices import give_totp
from tests.accounts.helpers import code_step, password_step
from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db


def events(kind: SecurityEvent) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(
            action=AccessEventAction.SECURITY, object_type=f"security:{kind.value}"
        ).order_by("chain_seq")
    )


def test_a_failed_login_is_recorded_without_the_password(client, persona) -> None:
    user = persona("coordinator")
    password_step(client, "persona-coordinator", "wrong-secret-typed")
    password_step(client, "nobody-of-that-name", "another-secret")
    known, unknown = events(SecurityEvent.LOGIN_FAILED)
    assert (known.object_id, known.outcome, known.user_id) == (str(user.pk), "refused", None)
    assert "user=persona-coordinator" in known.purpose
    assert "ip=127.0.0.1" in known.purpose
    assert unknown.object_id == ""
    assert "user=nobody-of-that-name" in unknown.purpose
    assert not AccessEvent.objects.filter(purpose__contains="secret").exists()
    assert chain.verify().ok


def test_a_lock_out_is_recorded(client, persona, settings) -> None:
    persona("coordinator")
    for _ in range(settings.GRIP_LOGIN_ATTEMPTS):
        password_step(client, "persona-coordinator", "wrong")
    assert not events(SecurityEvent.LOCKED_OUT)
    page = password_step(client, "persona-coordinator", "wrong")
    assert "geblokkeerd" in page.content.decode()
    (locked,) = events(SecurityEvent.LOCKED_OUT)
    assert "user=persona-coordinator" in locked.purpose
    assert locked.outcome == "refused"


def test_a_wrong_second_factor_code_is_recorded(client, persona) -> None:
    user = persona("coordinator")
    give_totp(user)
    password_step(client, "persona-coordinator")
    assert code_step(client, "000000").status_code == 200
    (wrong,) = events(SecurityEvent.SECOND_FACTOR_FAILED)
    assert wrong.object_id == str(user.pk)
    assert "000000" not in wrong.purpose


def test_a_password_reset_request_is_recorded(persona) -> None:
    user = persona("coordinator")
    user.email = "coordinator@example.org"
    user.save()
    try:
        url = reverse("account_reset_password")
    except NoReverseMatch:
        pytest.skip("self-service password reset is switched off")
    response = Client().post(url, {"email": "coordinator@example.org"})
    if response.status_code == 404:
        pytest.skip("self-service password reset is switched off")
    assert len(mail.outbox) == 1
    (requested,) = events(SecurityEvent.PASSWORD_RESET_REQUESTED)
    assert requested.object_id == str(user.pk)


def test_a_membership_change_is_recorded_and_the_privacy_officer_finds_it(persona, hotspot) -> None:
    administrator, nurse = persona("administrator"), persona("triage_nurse")
    record_security_event(
        SecurityEvent.MEMBERSHIP_CHANGED,
        actor=administrator,
        account=nurse,
        programme=hotspot,
        detail="role coordinator added",
    )
    Client().post(reverse("login"), {"login": "someone-else", "password": "x"})
    officer = logged_in_client(persona("privacy_officer"))
    page = officer.get(reverse("access:log_search"), {"action": "security"})
    shown = {event.object_type for event in page.context["page"].object_list}
    assert {"security:membership_changed", "security:login_failed"} <= shown
    assert "beveiliging" in page.content.decode()
    (changed,) = events(SecurityEvent.MEMBERSHIP_CHANGED)
    assert (changed.user, changed.programme) == (administrator, hotspot.slug)
    assert changed.object_id == str(nurse.pk)
