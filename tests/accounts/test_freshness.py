"""A fresh second factor (GRIP_FRESH_FACTOR_MINUTES, default 5) for revealing an identity and
for the situations export and import; after entering it, the user comes back to go on."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.accounts.devices import current_code
from tests.factories import PersonFactory
from tests.personas import logged_in_client
from tests.triage.test_exchange_helpers import HOTSPOT

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def _at(minutes: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def _asks_for_the_factor(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("mfa_reauthenticate")
    return parse_qs(location.query)["next"][0]


def test_revealing_an_identity_needs_a_fresh_second_factor(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    detail = reverse("people:person_detail", args=[person.display_key])
    reveal = reverse("people:person_reveal", args=[person.display_key])
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(4):
        assert client.post(reveal).status_code == 200
        assert AccessEvent.objects.filter(action=AccessEventAction.REVEAL).count() == 1
    with _at(6):  # stale now: asked again, nothing revealed or logged
        response = client.post(reveal, HTTP_REFERER=f"http://testserver{detail}")
        assert _asks_for_the_factor(response) == detail  # back to the page, to press again
        assert AccessEvent.objects.filter(action=AccessEventAction.REVEAL).count() == 1
        page = client.get(response["Location"])
        assert "Bevestig met uw tweede stap" in page.content.decode()
        back = client.post(reverse("mfa_reauthenticate"), {"code": current_code(), "next": detail})
        assert back.status_code == 302
        assert back["Location"] == detail
        assert client.post(reveal).status_code == 200
        assert AccessEvent.objects.filter(action=AccessEventAction.REVEAL).count() == 2


def test_a_password_does_not_make_the_factor_fresh(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    reveal = reverse("people:person_reveal", args=[person.display_key])
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(10):
        client.post(reverse("account_reauthenticate"), {"password": "persona-password"})
        _asks_for_the_factor(client.post(reveal))


def test_export_and_import_need_a_fresh_second_factor(persona) -> None:
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(3):
        assert client.get(reverse("triage:import_upload")).status_code == 200
        assert client.get(reverse("triage:export_download")).status_code == 200
    with _at(9):
        export = f"{reverse('triage:export_download')}?programme={HOTSPOT}"
        assert _asks_for_the_factor(client.get(export)) == export
        assert _asks_for_the_factor(client.get(reverse("triage:import_upload"))) == reverse(
            "triage:import_upload"
        )
        client.post(reverse("mfa_reauthenticate"), {"code": current_code()})
        assert client.get(export).status_code == 200


def test_research_log_and_subject_exports_need_a_fresh_second_factor(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    research = (
        f"{reverse('research:export')}?programme={HOTSPOT}&date_from=2026-01-01&date_to=2026-06-30"
    )
    log_export = reverse("access:log_export")
    subject = reverse("privacy:subject_export", args=[person.display_key])
    with _at(0):
        analyst = logged_in_client(persona("analyst"))
        officer = logged_in_client(persona("privacy_officer"))
    with _at(3):
        assert analyst.get(research).status_code == 200
        assert officer.get(log_export).status_code == 200
        assert officer.get(subject).status_code == 200
    with _at(9):
        exports_before = AccessEvent.objects.filter(action=AccessEventAction.EXPORT).count()
        assert _asks_for_the_factor(analyst.get(research)) == research
        assert _asks_for_the_factor(officer.get(log_export)) == log_export
        assert _asks_for_the_factor(officer.get(subject)) == subject
        assert AccessEvent.objects.filter(action=AccessEventAction.EXPORT).count() == exports_before
        assert analyst.get(reverse("research:export")).status_code == 200  # the form itself


def test_the_window_is_configurable(persona, settings) -> None:
    settings.GRIP_FRESH_FACTOR_MINUTES = 1
    with _at(0):
        client = logged_in_client(persona("coordinator"))
    with _at(2):
        _asks_for_the_factor(client.get(reverse("triage:export_download")))
