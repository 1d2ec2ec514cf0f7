"""The access log is append-only: the model, its queryset and (on PostgreSQL) the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from grip.access.log import record
from grip.access.models import AccessEvent, AccessEventAction, AppendOnlyError


@pytest.fixture
def event(persona, hotspot) -> AccessEvent:
    return record(persona("coordinator"), AccessEventAction.READ, programme=hotspot)


def test_queryset_refuses_update_and_delete(event) -> None:
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(purpose="rewritten")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessEvent.objects.bulk_update([event], ["purpose"])
    assert AccessEvent.objects.get(pk=event.pk).purpose == ""


def test_every_row_carries_the_nen_7513_fields(persona, hotspot) -> None:
    coordinator, nurse = persona("coordinator"), persona("triage_nurse")
    row = record(
        coordinator,
        AccessEventAction.EXPORT,
        programme=hotspot,
        person_key="P-TEST-0001",
        purpose="a context",
        responsible=nurse,
    )
    row.refresh_from_db()
    assert row.at is not None
    assert row.at.utcoffset().total_seconds() == 0
    assert (row.user, row.responsible_user) == (coordinator, nurse)
    assert (row.organisation, row.role, row.programme) == (
        "Gemeente Groningen",
        "coordinator",
        "groninger-hotspot",
    )
    assert (row.action, row.outcome, row.break_glass) == ("export", "allowed", False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE access_accessevent SET purpose = 'rewritten' WHERE id = %s",
        "DELETE FROM access_accessevent WHERE id = %s",
    ],
)
def test_postgresql_trigger_refuses_update_and_delete(event, sql) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AccessEvent.objects.get(pk=event.pk).purpose == ""
