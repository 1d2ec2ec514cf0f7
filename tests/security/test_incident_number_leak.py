"""A taken incident number is named as existing only to someone who can see that incident
(issue 22, finding 11): the form and the import say something neutral to anyone else, so that
no one learns of a police incident in a programme they cannot see."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.intake.models import Incident
from grip.network.models import Programme
from grip.vocab.models import Term
from tests.factories import IncidentFactory
from tests.triage.test_exchange_helpers import a_row, csv_bytes, run_import

pytestmark = pytest.mark.django_db

EXISTS = "Er is al een melding"
NEUTRAL = "Deze code en dit nummer kunnen niet worden geregistreerd."


def _form(programme: Programme, number: str) -> dict[str, object]:
    return {
        "programme": programme.pk,
        "kind": Term.objects.get(vocabulary="incident_code", code="E33").pk,
        "number": number,
        "reported_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "municipality": programme.municipalities.first().pk,  # type: ignore[union-attr]
        "area": "",
        "initial_ave_level": "3",
        "description": "",
        "person_choice": "new",
        "person_key": "",
        "submission_key": str(uuid.uuid4()),
    }


def test_the_form_does_not_confirm_a_number_in_a_programme_the_user_cannot_see(
    client_for, hotspot
) -> None:  # type: ignore[no-untyped-def]
    IncidentFactory(number="2026-HIDDEN")  # in the Hotspot
    other = Programme.objects.get(slug="wijk-ggd")
    response = client_for("outsider").post(
        reverse("intake:incident_create"), _form(other, "2026-HIDDEN")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert NEUTRAL in page
    assert EXISTS not in page
    assert Incident.objects.count() == 1


def test_the_form_says_it_plainly_where_the_user_sees_the_incident(client_for, hotspot) -> None:  # type: ignore[no-untyped-def]
    IncidentFactory(number="2026-MINE")
    response = client_for("coordinator").post(
        reverse("intake:incident_create"), _form(hotspot, "2026-MINE")
    )
    assert response.status_code == 400
    assert EXISTS in response.content.decode()


def test_the_import_does_not_confirm_a_number_in_a_programme_the_user_cannot_see(
    persona, hotspot
) -> None:  # type: ignore[no-untyped-def]
    IncidentFactory(number="2026-HIDDEN")  # in the Hotspot
    row = a_row(incident_number="2026-HIDDEN", programme="wijk-ggd", municipality="GM1969", area="")
    report = run_import(csv_bytes([row]), persona("outsider"))
    assert report.rejected == 1
    [error] = report.errors
    assert error.reason.startswith(NEUTRAL)
    assert "ander programma" not in error.reason
    # The command line (no user) sees every programme: it is told plainly.
    report = run_import(csv_bytes([row]))
    assert report.errors[0].reason.startswith(EXISTS)
