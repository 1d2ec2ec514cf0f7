"""Errors as application/problem+json: a Dutch title, the field-level list with the import's
own reasons, and the body and rate limits."""

from __future__ import annotations

import pytest

from grip.signalling.models import Signal
from tests.api.bodies import incident_body, signal_body

JSON = "application/json"
PROBLEM = "application/problem+json"


def _fields(response) -> dict[str, str]:
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == response.status_code
    assert body["title"] == "Het verzoek bevat fouten."
    return {error["field"]: error["reason"] for error in body["errors"]}


@pytest.mark.django_db
def test_every_bad_field_with_the_imports_reason(partner) -> None:
    body = signal_body(
        municipality="GM9999", source="drone", received_at="2026-01-01 10:00", bogus="x"
    )
    del body["signal_number"]
    response = partner("worker").http().post("/api/v1/signals/", body, content_type=JSON)
    assert response.status_code == 400
    fields = _fields(response)
    assert fields["bogus"] == "Onbekend veld."
    assert fields["signal_number"] == "Dit veld is verplicht en is leeg."
    assert fields["municipality"] == "Onbekende gemeente: 'GM9999'."
    assert fields["source"].startswith("Onbekende code")
    assert "received_at" in fields
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_state_fields_are_the_programmes_not_the_senders(partner) -> None:
    body = signal_body(picked_up_at="2026-01-01T10:00+01:00")
    response = partner("worker").http().post("/api/v1/signals/", body, content_type=JSON)
    assert _fields(response) == {"picked_up_at": "Onbekend veld."}


@pytest.mark.django_db
def test_a_programme_without_the_right_reads_as_unknown(partner) -> None:
    body = signal_body(programme="wijk-ggd")
    response = partner("worker").http().post("/api/v1/signals/", body, content_type=JSON)
    assert _fields(response)["programme"].startswith("Onbekend programma of geen recht")


@pytest.mark.django_db
def test_incident_errors(partner) -> None:
    body = incident_body(incident_code="X99", ave_level=7, reported_at="gisteren")
    response = partner("police").http().post("/api/v1/incidents/", body, content_type=JSON)
    fields = _fields(response)
    assert set(fields) == {"incident_code", "ave_level", "reported_at"}


@pytest.mark.django_db
def test_no_json_object(partner) -> None:
    http = partner("worker").http()
    assert http.post("/api/v1/signals/", [1, 2], content_type=JSON).status_code == 400
    broken = http.post("/api/v1/signals/", "{", content_type=JSON)
    assert broken.status_code == 400
    assert broken["Content-Type"] == PROBLEM
    wrong_type = http.post("/api/v1/signals/", "a=b", content_type="text/plain")
    assert wrong_type.status_code == 415


@pytest.mark.django_db
def test_body_limit(partner, settings) -> None:
    settings.GRIP_API_MAX_BODY_BYTES = 2000
    body = signal_body(notes="x" * 3000)
    response = partner("worker").http().post("/api/v1/signals/", body, content_type=JSON)
    assert response.status_code == 413
    assert response.json()["title"] == "Het verzoek is te groot."
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_client(partner, settings) -> None:
    settings.GRIP_API_RATE = "3/min"
    worker, nurse = partner("worker").http(), partner("nurse").http()
    statuses = [worker.get("/api/v1/signals/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = worker.get("/api/v1/signals/")
    assert limited["Content-Type"] == PROBLEM
    assert "Retry-After" in limited
    assert nurse.get("/api/v1/signals/").status_code == 200  # another client's own budget


def test_the_api_leaves_djangos_form_messages_alone() -> None:
    """DRF's Dutch catalogue is not loaded: it would override Django's for every form."""
    from django import forms
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"Dit veld is verplicht\."):
        forms.CharField().clean("")
