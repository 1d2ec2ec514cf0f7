"""The one deletion path of append-only tables, and the trigger contract it relies on."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from grip.access.models import AccessEvent, AccessEventAction, AppendOnlyError
from grip.intake.models import Incident
from grip.retention import append_only
from grip.retention.append_only import delete_expired_rows
from grip.retention.run import purge

pytestmark = pytest.mark.django_db

OLD = dt.datetime(2024, 1, 5, 12, tzinfo=dt.UTC)
NOW = dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC)

# What docs/retention.md asks of the access-log migration (the names are those of the access-log
# branch's migration 0004): UPDATE always refused; DELETE refused unless the purge's
# transaction turned ``grip.purge`` on.
TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION grip_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('grip.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_accessevent_append_only
    BEFORE UPDATE OR DELETE ON access_accessevent
    FOR EACH ROW EXECUTE FUNCTION grip_access_log_append_only();
"""


def install_trigger_unless_migrated() -> None:
    """Once the access-log migration carries its trigger, test that one, not this copy."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'access_accessevent_append_only'")
        if cursor.fetchone() is None:
            cursor.execute(TRIGGER_SQL)


def an_old_event() -> AccessEvent:
    with time_machine.travel(OLD, tick=False):
        return AccessEvent.objects.create(action=AccessEventAction.READ, purpose="test:old")


def test_deleting_needs_the_purge_transaction(monkeypatch) -> None:
    an_old_event()
    # Every test runs inside a transaction; let the guard see a connection outside one.
    outside = SimpleNamespace(in_atomic_block=False, vendor=connection.vendor)
    monkeypatch.setattr(append_only, "connection", outside)
    with pytest.raises(RuntimeError, match="inside the purge's transaction"):
        delete_expired_rows(AccessEvent.objects.all())
    monkeypatch.undo()
    with transaction.atomic():
        assert delete_expired_rows(AccessEvent.objects.filter(purpose="test:old")) == 1


def test_the_model_still_refuses_a_plain_delete() -> None:
    with pytest.raises(AppendOnlyError):
        an_old_event().delete()


def test_the_purge_gets_past_a_queryset_that_refuses_delete(monkeypatch) -> None:
    old = an_old_event()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AppendOnlyError("refused")

    # as the access-log queryset does: QuerySet.delete and _raw_delete refuse
    monkeypatch.setattr(QuerySet, "delete", refuse)
    monkeypatch.setattr(QuerySet, "_raw_delete", refuse)
    with time_machine.travel(NOW, tick=False):
        purge(NOW)
    assert not AccessEvent.objects.filter(pk=old.pk).exists()


def test_only_tables_nobody_refers_to() -> None:
    with pytest.raises(ImproperlyConfigured), transaction.atomic():
        delete_expired_rows(Incident.objects.none())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_trigger_lets_only_the_purge_delete() -> None:
    old = an_old_event()
    install_trigger_unless_migrated()
    # Plain SQL: the model refuses in Python already; this is what the trigger alone stops.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [old.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_accessevent SET purpose = 'changed' WHERE id = %s", [old.pk])
    with time_machine.travel(NOW, tick=False):
        purge(NOW)
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    # the setting was for the purge alone: afterwards a delete is refused again
    survivor = AccessEvent.objects.filter(purpose__startswith="retention:").first()
    assert survivor is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('grip.purge', true)")
        assert cursor.fetchone()[0] in (None, "", "off")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [survivor.pk])
