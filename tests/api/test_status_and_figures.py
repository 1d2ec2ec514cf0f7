"""What the sending partner sees: the state of its report (new, picked up, closed with
result), never what the programme's workers added; and figures, exact only by right."""

from __future__ import annotations

import pytest
from django.utils import timezone

from grip.intake.models import Incident
from grip.signalling.actions import close_signal, pick_up, signal_from_incident
from grip.signalling.models import Signal
from grip.vocab.models import Term, Vocabulary
from tests.api.bodies import incident_body, signal_body

JSON = "application/json"
WORKER_NOTE = "Synthetisch: de zus gesproken, zij maakt zich zorgen."


@pytest.mark.django_db
def test_signal_status_follows_the_programme(partner, persona) -> None:
    http = partner("worker").http()
    sent = http.post("/api/v1/signals/", signal_body(), content_type=JSON).json()
    status_url = f"/api/v1/signals/{sent['id']}/status/"
    assert http.get(status_url).json()["state"] == "new"
    coordinator = persona("coordinator")
    signal = pick_up(coordinator, Signal.objects.get(pk=sent["id"]))
    assert http.get(status_url).json()["state"] == "picked_up"
    result = Term.objects.get(vocabulary=Vocabulary.SIGNAL_RESULT, code="regular_care")
    close_signal(coordinator, signal, result=result, notes=WORKER_NOTE)
    status = http.get(status_url).json()
    assert (status["state"], status["result"]) == ("closed", "regular_care")
    assert status["closed_at"] is not None
    for url in (status_url, f"/api/v1/signals/{sent['id']}/", "/api/v1/signals/"):
        body = http.get(url).content.decode()
        assert WORKER_NOTE not in body
        assert "notes" not in body
        assert "coordinator" not in body


@pytest.mark.django_db
def test_incident_status_through_its_signal(partner, persona) -> None:
    http = partner("police").http()
    sent = http.post("/api/v1/incidents/", incident_body(), content_type=JSON).json()
    status_url = f"/api/v1/incidents/{sent['id']}/status/"
    assert http.get(status_url).json()["state"] == "new"
    coordinator = persona("coordinator")
    signal = signal_from_incident(coordinator, Incident.objects.get(pk=sent["id"]))
    pick_up(coordinator, signal)
    assert http.get(status_url).json()["state"] == "picked_up"


@pytest.mark.django_db
def test_lists_page_by_cursor(partner, django_assert_max_num_queries) -> None:
    http = partner("worker").http()
    for number in range(5):
        http.post("/api/v1/signals/", signal_body(f"P-{number}"), content_type=JSON)
    seen: list[str] = []
    url = "/api/v1/signals/?page_size=2"
    while url:
        with django_assert_max_num_queries(12):
            page = http.get(url).json()
        seen += [item["signal_number"] for item in page["results"]]
        url = page["next"]
    assert seen == [f"P-{n}" for n in reversed(range(5))]


@pytest.mark.django_db
def test_figures_are_published_unless_the_role_may_see_exact_ones(partner) -> None:
    http = partner("worker").http()
    http.post("/api/v1/signals/", signal_body("F-1"), content_type=JSON)
    today = timezone.localdate().isoformat()
    url = f"/api/v1/programmes/groninger-hotspot/figures/?from=2026-01-01&to={today}"
    published = http.get(url).json()
    exact = partner("analyst").http().get(url).json()
    assert exact["signals"]["received"] == 1
    assert published["signals"]["received"] == {"count": None, "suppressed": True}
    assert published["definitions"] == exact["definitions"] == "v1"
    bad = http.get("/api/v1/programmes/groninger-hotspot/figures/?from=gisteren")
    assert bad.status_code == 400
