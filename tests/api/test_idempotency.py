"""A repeated POST returns the first result (200, not 201) and never makes a duplicate, also
when two identical POSTs arrive at once (PostgreSQL, two connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from grip.access.models import AccessEvent
from grip.intake.models import Incident
from grip.signalling.models import Signal, SignalEvent
from tests.api.bodies import incident_body, signal_body

JSON = "application/json"


@pytest.mark.django_db
def test_a_repeated_signal_is_the_first_one(partner) -> None:
    http = partner("worker").http()
    first = http.post("/api/v1/signals/", signal_body(), content_type=JSON)
    again = http.post("/api/v1/signals/", signal_body(), content_type=JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    signal = Signal.objects.get()
    assert signal.created_by == partner("worker").client.service_user
    assert [e.kind for e in SignalEvent.objects.filter(signal=signal)] == ["registered"]
    # written by the action: its access-log row, as the client's service user
    assert AccessEvent.objects.filter(
        purpose="signalling:register", user=signal.created_by, organisation="WIJ Groningen"
    ).exists()


@pytest.mark.django_db
def test_the_person_key_is_the_same_person_as_in_the_import(partner) -> None:
    http = partner("worker").http()
    http.post("/api/v1/signals/", signal_body("A-1"), content_type=JSON)
    http.post("/api/v1/signals/", signal_body("A-2"), content_type=JSON)
    http.post("/api/v1/signals/", signal_body("A-3", person_key="ANDER"), content_type=JSON)
    people = list(Signal.objects.order_by("number").values_list("person_id", flat=True))
    assert people[0] == people[1] != people[2]


@pytest.mark.django_db
def test_a_repeated_incident_is_the_first_one(partner) -> None:
    http = partner("police").http()
    first = http.post("/api/v1/incidents/", incident_body(), content_type=JSON)
    again = http.post("/api/v1/incidents/", incident_body(), content_type=JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_a_key_another_sender_used_is_a_conflict(partner) -> None:
    assert (
        partner("worker").http().post("/api/v1/signals/", signal_body(), content_type=JSON)
    ).status_code == 201
    other = partner("nurse").http().post("/api/v1/signals/", signal_body(), content_type=JSON)
    assert other.status_code == 409
    assert other["Content-Type"] == "application/problem+json"
    assert "id" not in other.json()  # nothing of the other sender's signal
    assert Signal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "body", "model", "sender"),
    [
        ("/api/v1/signals/", signal_body("GELIJK-1"), Signal, "worker"),
        ("/api/v1/incidents/", incident_body("2026099777"), Incident, "police"),
    ],
)
def test_two_identical_posts_at_once_make_one(partner, path, body, model, sender) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises every write)")
    https = [partner(sender).http(), partner(sender).http()]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(index: int) -> None:
        try:
            barrier.wait()
            response = https[index].post(path, body, content_type=JSON)
            statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread's own connection

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 201]
    assert model.objects.count() == 1
