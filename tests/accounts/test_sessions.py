"""Session rules with time frozen: idle timeout, absolute lifetime, and sessions ended when a
membership is revoked or removed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from grip.accounts.models import LoginSession
from grip.network.models import Membership
from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def _at(minutes: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def _logged_out(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_idle_timeout_after_15_minutes(persona) -> None:
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(14):
        assert client.get(reverse("home")).status_code == 200
    with _at(14 + 14.5):  # activity moved the idle clock on
        assert client.get(reverse("home")).status_code == 200
    with _at(14 + 14.5 + 16):
        response = client.get(reverse("intake:incident_list"))
        assert _logged_out(response)
        assert "next=" in response["Location"]
        login_page = client.get(response["Location"])
        assert "niets deed" in login_page.content.decode()
    with _at(14 + 14.5 + 17):
        assert _logged_out(client.get(reverse("home")))  # the session is gone, not paused


def test_idle_minutes_are_configurable(persona, settings) -> None:
    settings.GRIP_SESSION_IDLE_MINUTES = 5
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(6):
        assert _logged_out(client.get(reverse("home")))


def test_absolute_lifetime_ends_even_a_busy_session(persona, settings) -> None:
    settings.GRIP_SESSION_MAX_HOURS = 10
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    minute = 0
    while minute < 10 * 60 - 10:
        minute += 10
        with _at(minute):
            assert client.get(reverse("home")).status_code == 200, minute
    with _at(10 * 60 + 1):
        response = client.get(reverse("home"))
        assert _logged_out(response)
        assert "te lang ingelogd" in client.get(response["Location"]).content.decode()


def test_revoking_a_membership_ends_that_users_sessions_at_once(persona) -> None:
    with _at(0):
        coordinator = persona("coordinator")
        laptop, phone = logged_in_client(coordinator), logged_in_client(coordinator)
        colleague = logged_in_client(persona("triage_nurse"))
        assert LoginSession.objects.filter(user=coordinator).count() == 2
    with _at(1):
        assert laptop.get(reverse("home")).status_code == 200
        membership = Membership.objects.get(user=coordinator)
        membership.active = False
        membership.save()
        assert _logged_out(laptop.get(reverse("home")))
        assert _logged_out(phone.get(reverse("home")))
        assert colleague.get(reverse("home")).status_code == 200
        assert not LoginSession.objects.filter(user=coordinator).exists()


def test_removing_a_membership_ends_the_session_too(persona) -> None:
    with _at(0):
        user = persona("followup_worker")
        client = logged_in_client(user)
        Membership.objects.get(user=user).delete()
        assert _logged_out(client.get(reverse("home")))


def test_logging_out_forgets_the_session(persona) -> None:
    client = logged_in_client(persona("coordinator"))
    assert LoginSession.objects.count() == 1
    client.post(reverse("logout"))
    assert LoginSession.objects.count() == 0
    assert _logged_out(client.get(reverse("home")))


def test_a_logged_out_client_is_sent_to_the_login(client: Client) -> None:
    assert _logged_out(client.get(reverse("home")))
