"""Outbound events for the reports a client sent: queued in the transaction of the change
(so a rolled-back change sends nothing), delivered signed, retried with back-off.

Signature: header ``Grip-Signature: t=<unix time>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>``;
a receiver recomputes it and refuses old timestamps (replay). ``deliver_due`` is run by
``manage.py deliver_webhooks`` (every minute from cron), never in the worker's request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from grip.api.models import (
    ApiClient,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
)
from grip.api.representations import incident_status
from grip.intake.models import Incident
from grip.signalling.models import Signal, SignalEvent, SignalEventKind
from grip.triage.models import Response

MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(seconds=30)
TIMEOUT_SECONDS = 5
HANDED_OVER_RESULT = "other_programme"


def new_signing_key() -> str:
    return secrets.token_hex(32)


def sign(key: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling, at most 6 hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), dt.timedelta(hours=6))


def _signal_payload(signal: Signal, event: str) -> dict[str, Any]:
    return {
        "event": event,
        "occurred_at": timezone.now().isoformat(timespec="seconds"),
        "signal": {
            "id": signal.pk,
            "signal_number": signal.number,
            "source": signal.source.code,
            "programme": signal.programme.slug,
            "state": signal.state,
            "result": signal.result.code if signal.result else None,
        },
    }


def _events_for(event: SignalEvent) -> list[str]:
    if event.kind == SignalEventKind.PICKED_UP:
        return [WebhookEvent.PICKED_UP.value]
    if event.kind == SignalEventKind.CLOSED:
        signal = event.signal
        handed = signal.result is not None and signal.result.code == HANDED_OVER_RESULT
        return [WebhookEvent.CLOSED.value] + ([WebhookEvent.HANDED_OVER.value] if handed else [])
    return []


def _incident_payload(
    incident: Incident, event: str, signal: Signal | None = None
) -> dict[str, Any]:
    """The incident's status; ``signal``, made from it, is the one changing now (the
    database may not hold its new state yet within the action's transaction)."""
    status = incident_status(incident)
    if signal is not None:
        status["state"] = signal.state
        status["result"] = signal.result.code if signal.result else None
    return {
        "event": event,
        "occurred_at": timezone.now().isoformat(timespec="seconds"),
        "incident": {
            key: status[key]
            for key in ("id", "incident_number", "incident_code", "programme", "state", "result")
        },
    }


def _queue(sender_user_id: int | None, events: list[str], payload: Any) -> None:
    """One delivery per event for each matching subscription of the client whose service
    user sent the report (no client: a person sent it, nobody to tell)."""
    client = ApiClient.objects.filter(service_user_id=sender_user_id).first()
    if client is None or not events:
        return
    subscriptions = list(client.webhooks.filter(active=True))
    # Queued only: sending here would make the worker's screen wait for the partner's server.
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=e, payload=payload(e))
        for e in events
        for s in subscriptions
        if e in s.event_list()
    )


def queue_for_signal_event(sender: Any, instance: SignalEvent, created: bool, **_: Any) -> None:
    """A signal changed state: tell the client that sent it, and the client that sent the
    incident it was made from."""
    if not created:
        return
    events = _events_for(instance)
    if not events:
        return
    signal = instance.signal
    _queue(signal.created_by_id, events, lambda e: _signal_payload(signal, e))
    incident = signal.incident
    if incident is not None:
        _queue(incident.created_by_id, events, lambda e: _incident_payload(incident, e, signal))


def queue_for_response(sender: Any, instance: Response, created: bool, **_: Any) -> None:
    """A joint response to an incident: it was picked up."""
    if created:
        incident = instance.incident
        _queue(
            incident.created_by_id,
            [WebhookEvent.PICKED_UP.value],
            lambda e: _incident_payload(incident, e),
        )


def connect() -> None:
    post_save.connect(queue_for_signal_event, sender=SignalEvent, dispatch_uid="api-webhooks")
    post_save.connect(queue_for_response, sender=Response, dispatch_uid="api-webhooks-response")


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps({**delivery.payload, "delivery": delivery.pk}).encode()
    timestamp = int(timezone.now().timestamp())
    signature = sign(delivery.subscription.signing_key, timestamp, body)
    request = urllib.request.Request(  # noqa: S310 - the URL's scheme is checked on subscribe
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Grip-Event": delivery.event,
            "Grip-Delivery": str(delivery.pk),
            "Grip-Signature": f"t={timestamp},v1={signature}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)[:200]


def deliver_due(limit: int = 100) -> int:
    """Try every delivery that is due; returns how many were delivered now."""
    delivered = 0
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).select_related("subscription")[:limit]
    for delivery in due:
        code, error = _post(delivery)
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = code, error
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
            delivered += 1
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save()
    return delivered
