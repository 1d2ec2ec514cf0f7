"""The purge's statements do not grow with the number of expired records (no N+1).

Only the access-log rows do: one per person, by design (``grip.access.log.record``), each
with its read of the chain head (``grip.access.chain.head``)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grip.retention.run import purge
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2024, 4, 2, 9, tzinfo=dt.UTC)
NOW = dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC)


def expired_persons(n: int, hotspot, nurse) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LONG_AGO, tick=False):
        for _ in range(n):
            person = PersonFactory(programmes=[hotspot])
            for days in (0, 1):
                incident = IncidentFactory(
                    person=person, reported_at=LONG_AGO + dt.timedelta(days=days)
                )
                a_response(nurse, incident, follow_up_needed=False)


def statements(n: int, hotspot, nurse) -> int:  # type: ignore[no-untyped-def]
    expired_persons(n, hotspot, nurse)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
        purge(NOW)
    return sum(
        1
        for query in queries.captured_queries
        if 'INSERT INTO "access_accessevent"' not in query["sql"] and not _chain_head(query["sql"])
    )


def _chain_head(sql: str) -> bool:
    return "grip_access_chain_head" in sql


def test_statements_do_not_grow_with_expired_persons(hotspot, persona) -> None:
    nurse = persona("triage_nurse")
    few = statements(2, hotspot, nurse)
    many = statements(7, hotspot, nurse)
    assert many == few
