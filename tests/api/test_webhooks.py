"""Webhooks with a real local HTTP receiver: signed (HMAC with a timestamp), retried with
back-off after a failure, and every attempt in the delivery log; keys and states only."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.utils import timezone

from grip.api.models import DeliveryStatus, WebhookDelivery
from grip.api.webhooks import deliver_due
from grip.signalling.actions import close_signal, pick_up
from grip.signalling.models import Signal
from grip.vocab.models import Term, Vocabulary
from tests.api.bodies import signal_body

JSON = "application/json"
WORKER_NOTE = "Synthetisch: afgesloten na een gesprek met de zus."


class Receiver:
    """A local HTTP server answering each POST with the next status of ``answers``."""

    def __init__(self, answers: list[int]) -> None:
        self.answers = answers
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/grip-events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    made = Receiver([500])  # the first attempt fails: the retry must deliver it
    yield made
    made.close()


@pytest.mark.django_db
def test_signed_retried_and_logged(partner, persona, receiver, settings) -> None:
    settings.GRIP_API_WEBHOOK_ALLOW_HTTP = True
    http = partner("worker").http()
    subscribed = http.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "events": ["picked_up", "closed"]},
        content_type=JSON,
    )
    assert subscribed.status_code == 201
    key = subscribed.json()["signing_key"]
    assert "signing_key" not in http.get("/api/v1/webhooks/").content.decode()
    sent = http.post("/api/v1/signals/", signal_body(), content_type=JSON).json()
    # another sender's signal: its changes are not this client's business
    other = partner("nurse").http()
    other.post("/api/v1/signals/", signal_body("ANDER-1"), content_type=JSON)

    coordinator = persona("coordinator")
    signal = pick_up(coordinator, Signal.objects.get(pk=sent["id"]))
    pick_up(coordinator, Signal.objects.get(number="ANDER-1"))
    assert deliver_due() == 0  # the receiver answered 500
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now()
    assert deliver_due() == 0  # not due yet: back-off

    with time_machine.travel(delivery.next_attempt_at, tick=False):
        assert deliver_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)

    result = Term.objects.get(vocabulary=Vocabulary.SIGNAL_RESULT, code="other_programme")
    close_signal(coordinator, signal, result=result, notes=WORKER_NOTE)
    assert deliver_due() == 1  # closed; handed_over was not subscribed to

    assert len(receiver.received) == 3
    for headers, body in receiver.received:
        stamp, signature = (part.split("=", 1)[1] for part in headers["Grip-Signature"].split(","))
        expected = hmac.new(key.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
        assert hmac.compare_digest(signature, expected.hexdigest())
        payload = json.loads(body)
        assert payload["signal"]["signal_number"] == "WON-2026-001"
        assert WORKER_NOTE not in body.decode()
        assert "person" not in body.decode()
    closed = json.loads(receiver.received[-1][1])
    assert (closed["event"], closed["signal"]["state"], closed["signal"]["result"]) == (
        "closed",
        "closed",
        "other_programme",
    )
    log = http.get("/api/v1/webhooks/deliveries/").json()["results"]
    assert [(d["event"], d["status"]) for d in log] == [
        ("closed", "delivered"),
        ("picked_up", "delivered"),
    ]
    assert other.get("/api/v1/webhooks/deliveries/").json()["results"] == []


@pytest.mark.django_db
def test_gives_up_after_the_last_attempt(partner, persona, settings) -> None:
    settings.GRIP_API_WEBHOOK_ALLOW_HTTP = True
    dead = Receiver([])
    url = dead.url
    dead.close()  # nobody listens any more
    http = partner("worker").http()
    http.post("/api/v1/webhooks/", {"url": url, "events": ["picked_up"]}, content_type=JSON)
    sent = http.post("/api/v1/signals/", signal_body(), content_type=JSON).json()
    pick_up(persona("coordinator"), Signal.objects.get(pk=sent["id"]))
    delivery = WebhookDelivery.objects.get()
    while delivery.status == DeliveryStatus.PENDING:
        with time_machine.travel(delivery.next_attempt_at, tick=False):
            deliver_due()
        delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 8)
    assert delivery.last_error


@pytest.mark.django_db
def test_only_https_and_known_events(partner) -> None:
    http = partner("worker").http()
    plain = http.post(
        "/api/v1/webhooks/", {"url": "http://partner.example/x", "events": ["closed"]},
        content_type=JSON,
    )  # fmt: skip
    assert plain.status_code == 400
    assert plain.json()["errors"] == [{"field": "url", "reason": "Gebruik een https-adres."}]
    unknown = http.post(
        "/api/v1/webhooks/", {"url": "https://partner.example/x", "events": ["deleted"]},
        content_type=JSON,
    )  # fmt: skip
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"].startswith("events")


@pytest.mark.django_db
def test_only_the_subscriber_cancels(partner) -> None:
    http = partner("worker").http()
    made = http.post(
        "/api/v1/webhooks/", {"url": "https://partner.example/x", "events": ["closed"]},
        content_type=JSON,
    ).json()  # fmt: skip
    path = f"/api/v1/webhooks/{made['id']}/"
    assert partner("nurse").http().delete(path).status_code == 404
    assert http.delete(path).status_code == 204
    assert http.get("/api/v1/webhooks/").json() == []
    assert http.get(path).status_code == 404


@pytest.mark.django_db
def test_the_incidents_sender_hears_when_its_signal_is_picked_up(partner, persona) -> None:
    from grip.intake.models import Incident
    from grip.signalling.actions import signal_from_incident
    from tests.api.bodies import incident_body

    police = partner("police").http()
    police.post(
        "/api/v1/webhooks/", {"url": "https://politie.example/grip", "events": ["picked_up"]},
        content_type=JSON,
    )  # fmt: skip
    sent = police.post("/api/v1/incidents/", incident_body(), content_type=JSON).json()
    coordinator = persona("coordinator")
    pick_up(coordinator, signal_from_incident(coordinator, Incident.objects.get(pk=sent["id"])))
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "picked_up"
    assert delivery.payload["incident"]["incident_number"] == sent["incident_number"]
    assert delivery.payload["incident"]["state"] == "picked_up"
