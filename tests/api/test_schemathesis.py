"""Schemathesis against the served schema: generated requests to every operation, as a client
with every right the API knows (worker and police roles), must never give a 5xx, and every
response must match the documented status codes, content types and schemas."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from grip.api import actions
from grip.network.models import Organisation, Programme
from tests.api.clients import Partner, administrator

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 15


@pytest.fixture
def all_round_partner(reference) -> Partner:
    new = actions.create_client(
        administrator("maker"),
        name="Systeem alles",
        organisation=Organisation.objects.get(slug="politie-noord-nederland"),
        programmes=Programme.objects.all(),
        roles=["police_officer", "analyst"],
        purpose="Schemathesis",
    )
    police = actions.approve_client(administrator("checker"), new.client)
    return Partner(police, new.secret)


@pytest.mark.django_db
def test_every_operation_against_the_served_schema(all_round_partner) -> None:
    issued = Client().post("/api/v1/token/", all_round_partner.credentials()).json()
    headers = {"Authorization": f"Bearer {issued['access_token']}"}
    # Calls go through the WSGI handler itself, which closes the database connection after
    # each request; the test's connection (its transaction) must stay, as Django's test client
    # keeps it (which reconnects the closing after each of its own requests: so only now).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        failures = _run(headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)


def _run(headers: dict[str, str]) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:  # every operation's failure is reported, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    return failures
