"""The persona-and-client matrix of the partner API, generated from the URL configuration.

HOW TO ADD AN ENDPOINT: every named URL under ``api:`` needs one entry in ``ENDPOINTS``
(``test_every_api_url_has_an_entry`` fails otherwise, and on an entry whose URL is gone).
``get`` / ``post`` map every client of ``tests.api.clients.API_CLIENTS`` to a status; None
means the method answers 405. POSTs send ``post_body`` (an empty object by default: the
clients allowed to write get their field errors, 400). ``public``: no token needed (the token
endpoint, the contract and its page). Every other call needs a token (401 without) and is one
access-log row as the client's service user and organisation, allowed or refused.
The screens' matrix is tests/test_url_matrix.py; it exempts ``api/v1/`` and points here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventOutcome
from tests.api.bodies import incident_body, signal_body
from tests.api.clients import API_CLIENT_NAMES, Partner
from tests.url_walk import url_names

Statuses = dict[str, int]


def every(status: int) -> Statuses:
    return dict.fromkeys(API_CLIENT_NAMES, status)


def only(default: int, **others: int) -> Statuses:
    unknown = set(others) - set(API_CLIENT_NAMES)
    assert not unknown, f"not an API client: {unknown}"
    return {**every(default), **others}


@dataclass(frozen=True)
class ApiWorld:
    partners: dict[str, Partner]
    signal_pk: int  # sent by the worker's system
    incident_pk: int  # sent by the police's system
    webhook_pk: int  # the worker's system's subscription


@dataclass(frozen=True)
class Endpoint:
    get: Statuses | None = None
    post: Statuses | None = None
    kwargs: Callable[[ApiWorld], dict[str, Any]] = lambda w: {}
    post_body: Callable[[ApiWorld, str], Any] = lambda w, name: {}
    public: bool = False
    note: str = ""


# Signals: the worker roles register and see them; the police see that they exist (their
# own); the analyst has figures only. A signal is shown only to the system that sent it.
SIGNAL_ONE = only(404, worker=200, analyst=403)
INCIDENT_ONE = only(404, police=200, analyst=403)

ENDPOINTS: dict[str, Endpoint] = {
    "api:token": Endpoint(
        post=every(200),
        post_body=lambda w, name: w.partners[name].credentials(),
        public=True,
        note="client credentials in, a bearer token out (logged as the client)",
    ),
    "api:signals": Endpoint(
        get=only(200, analyst=403),
        post=only(400, police=403, analyst=403),
    ),
    "api:signal": Endpoint(get=SIGNAL_ONE, kwargs=lambda w: {"pk": w.signal_pk}),
    "api:signal_status": Endpoint(get=SIGNAL_ONE, kwargs=lambda w: {"pk": w.signal_pk}),
    "api:incidents": Endpoint(
        get=only(200, analyst=403),
        post=only(403, police=400),
    ),
    "api:incident": Endpoint(get=INCIDENT_ONE, kwargs=lambda w: {"pk": w.incident_pk}),
    "api:incident_status": Endpoint(get=INCIDENT_ONE, kwargs=lambda w: {"pk": w.incident_pk}),
    "api:figures": Endpoint(
        get=only(200, outsider=404), kwargs=lambda w: {"slug": "groninger-hotspot"}
    ),
    # Webhooks: every client may subscribe; it only hears about its own reports.
    "api:webhooks": Endpoint(get=every(200), post=every(400)),
    "api:webhook": Endpoint(get=only(404, worker=200), kwargs=lambda w: {"pk": w.webhook_pk}),
    "api:webhook_deliveries": Endpoint(get=every(200)),
    "api:schema": Endpoint(get=every(200), public=True, note="the published contract"),
    "api:docs": Endpoint(get=every(200), public=True, note="the contract's page"),
    "api:unknown": Endpoint(
        get=every(404),
        post=every(404),
        kwargs=lambda w: {"rest": "signals/-1/"},
        public=True,
        note="any other path: a problem+json 404, never the screens' HTML page",
    ),
}


def _api_urls() -> set[str]:
    return {name for name, _route in url_names() if name and name.startswith("api:")}


def test_every_api_url_has_an_entry() -> None:
    names = _api_urls()
    missing = sorted(names - set(ENDPOINTS))
    assert not missing, f"add these to ENDPOINTS in {__file__}: {missing}"
    stale = sorted(set(ENDPOINTS) - names)
    assert not stale, f"ENDPOINTS names URLs that no longer exist: {stale}"
    for name, endpoint in ENDPOINTS.items():
        for statuses in (endpoint.get, endpoint.post):
            assert statuses is None or set(statuses) == set(API_CLIENT_NAMES), name


@pytest.fixture
def api_world(partner) -> ApiWorld:
    partners = {name: partner(name) for name in API_CLIENT_NAMES}
    sent = (
        partners["worker"]
        .http()
        .post("/api/v1/signals/", signal_body(), content_type="application/json")
    )
    reported = (
        partners["police"]
        .http()
        .post("/api/v1/incidents/", incident_body(), content_type="application/json")
    )
    subscribed = (
        partners["worker"]
        .http()
        .post(
            "/api/v1/webhooks/",
            {"url": "https://partner.example/grip", "events": ["closed"]},
            content_type="application/json",
        )
    )
    assert sent.status_code == reported.status_code == subscribed.status_code == 201
    return ApiWorld(partners, sent.json()["id"], reported.json()["id"], subscribed.json()["id"])


def _call(client: Client, method: str, path: str, body: Any) -> int:
    if method == "get":
        return client.get(path).status_code
    return client.post(path, body, content_type="application/json").status_code


def test_matrix(api_world: ApiWorld) -> None:
    wrong = []
    https = {name: p.http() for name, p in api_world.partners.items()}
    for url_name, endpoint in ENDPOINTS.items():
        path = reverse(url_name, kwargs=endpoint.kwargs(api_world))
        for method in ("get", "post"):
            expected = getattr(endpoint, method) or every(405)
            for client_name, status in expected.items():
                http = Client() if endpoint.public else https[client_name]
                body = endpoint.post_body(api_world, client_name)
                if url_name == "api:token" and method == "post":
                    got = http.post(path, body).status_code  # a form, as RFC 6749 says
                else:
                    got = _call(http, method, path, body)
                if got != status:
                    wrong.append(
                        f"{method.upper()} {url_name} as {client_name}: {got}, not {status}"
                    )
    assert not wrong, "\n".join(wrong)


def test_without_a_token_every_endpoint_is_401(api_world: ApiWorld) -> None:
    for url_name, endpoint in ENDPOINTS.items():
        if endpoint.public:
            continue
        response = Client().get(reverse(url_name, kwargs=endpoint.kwargs(api_world)))
        assert response.status_code == 401, url_name
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_every_call_is_one_log_row_as_the_client(api_world: ApiWorld) -> None:
    """Allowed and refused calls alike: the client's service user, its organisation, its
    purpose and the outcome."""
    silent = []
    for url_name, endpoint in ENDPOINTS.items():
        if endpoint.public or endpoint.get is None:
            continue
        path = reverse(url_name, kwargs=endpoint.kwargs(api_world))
        for client_name, status in endpoint.get.items():
            partner = api_world.partners[client_name]
            http = partner.http()
            last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            assert http.get(path).status_code == status
            rows = list(AccessEvent.objects.filter(pk__gt=last or 0))
            outcome = AccessEventOutcome.ALLOWED if status < 400 else AccessEventOutcome.REFUSED
            ok = [
                row
                for row in rows
                if row.user_id == partner.client.service_user_id
                and row.organisation == partner.client.organisation.name
                and partner.client.purpose in row.purpose
                and row.outcome == outcome
            ]
            if len(ok) != 1:
                silent.append(f"GET {url_name} as {client_name}: {len(ok)} matching rows")
    assert not silent, "\n".join(silent)
