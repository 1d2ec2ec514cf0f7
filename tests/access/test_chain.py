"""The access log's hash chain (ADR 0053): ``verify_access_log`` finds every kind of tampering,
the purge leaves a verifiable chain, and concurrent writers on PostgreSQL do not fork it.

Tampering is done as the database's owner would: past the app's guards and the triggers.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from grip.access import chain
from grip.access.log import record
from grip.access.models import (
    AccessEvent,
    AccessEventAction,
    AccessEventPerson,
    AccessLogTombstone,
    AppendOnlyError,
)
from grip.retention.run import purge

pytestmark = pytest.mark.django_db

TABLES = ("access_accessevent", "access_accesseventperson", "access_accesslogtombstone")


@contextmanager
def owner() -> Iterator[None]:
    """What the tables' owner can do: switch the guards off (inside the test's transaction,
    which rolls it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events: ALTER may run
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for table in TABLES:
                for what in ("no_update", "no_delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{what}")
        yield
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def tamper(sql: str, params: list[object]) -> None:
    with owner(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_command(*args: str) -> str:
    out = StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def rows(persona, hotspot) -> list[AccessEvent]:
    coordinator = persona("coordinator")
    written = [
        record(coordinator, AccessEventAction.READ, programme=hotspot, person_key=f"P-TEST-000{i}")
        for i in range(1, 5)
    ]
    written.append(
        record(
            coordinator,
            AccessEventAction.EXPORT,
            programme=hotspot,
            purpose="an export",
            persons=["P-TEST-0001", "P-TEST-0002"],
        )
    )
    return written


def test_an_untouched_log_verifies_and_the_command_prints_its_head(rows) -> None:
    verdict = chain.verify()
    assert verdict.ok, verdict.problem
    assert verdict.rows == len(rows)
    assert [row.chain_seq for row in rows] == list(range(1, 6))
    assert f"kop 5:{rows[-1].chain_hash}" in verify_command()


def test_an_altered_row_is_found(rows) -> None:
    tamper("UPDATE access_accessevent SET purpose = %s WHERE id = %s", ["nothing", rows[2].pk])
    verdict = chain.verify()
    assert not verdict.ok
    assert f"place 3 (id {rows[2].pk}) altered" in verdict.problem
    assert verdict.seq == 2  # intact up to the row before
    with pytest.raises(CommandError, match=r"GEBROKEN.*place 3") as failed:
        verify_command()
    assert failed.value.returncode == 1


def test_a_deleted_row_is_found(rows) -> None:
    tamper("DELETE FROM access_accessevent WHERE id = %s", [rows[1].pk])
    verdict = chain.verify()
    assert not verdict.ok
    assert "row at place 2 missing" in verdict.problem


def test_reordered_rows_are_found(rows) -> None:
    # Two rows swap places, each carrying its own hash along.
    first, second = rows[1], rows[2]
    tamper("UPDATE access_accessevent SET chain_seq = -1 WHERE id = %s", [first.pk])
    tamper("UPDATE access_accessevent SET chain_seq = 2 WHERE id = %s", [second.pk])
    tamper("UPDATE access_accessevent SET chain_seq = 3 WHERE id = %s", [first.pk])
    verdict = chain.verify()
    assert not verdict.ok
    assert "place 2" in verdict.problem


def test_a_changed_persons_list_is_found(rows) -> None:
    export = rows[-1]
    tamper(
        "DELETE FROM access_accesseventperson WHERE event_id = %s AND person_key = %s",
        [export.pk, "P-TEST-0002"],
    )
    assert "persons changed" in chain.verify().problem


def test_a_recomputed_chain_without_the_key_is_found(rows, settings) -> None:
    """Rewriting a row and mending every link after it needs the audit key."""
    real_key = settings.GRIP_AUDIT_KEY
    settings.GRIP_AUDIT_KEY = b"an-attacker-guess-of-the-audit-key!!"
    previous = rows[0].chain_hash
    for row in rows[1:]:
        values = [getattr(row, name) for name in chain.CHAINED_FIELDS]
        if row.pk == rows[1].pk:
            values[chain.CHAINED_FIELDS.index("purpose")] = "rewritten"
        shown = AccessEventPerson.objects.filter(event_id=row.pk).values_list("person_key")
        shown = [key for (key,) in shown]
        previous = chain.link(
            settings.GRIP_AUDIT_KEY, previous, row.chain_seq, row.at, values, shown
        )
        tamper(
            "UPDATE access_accessevent SET purpose = %s, chain_hash = %s WHERE id = %s",
            [values[chain.CHAINED_FIELDS.index("purpose")], previous, row.pk],
        )
    settings.GRIP_AUDIT_KEY = real_key
    assert "place 2" in chain.verify().problem


def test_a_log_cut_short_is_found_against_an_anchor(rows) -> None:
    head = f"{rows[-1].chain_seq}:{rows[-1].chain_hash}"
    assert "intact" in verify_command("--anchor", head)
    tamper("DELETE FROM access_accesseventperson WHERE event_id = %s", [rows[-1].pk])
    tamper("DELETE FROM access_accessevent WHERE id = %s", [rows[-1].pk])
    assert chain.verify().ok  # a cut tail alone leaves a consistent chain …
    with pytest.raises(CommandError, match="before the anchor"):
        verify_command("--anchor", head)  # … which the anchor written down elsewhere catches


def test_the_purge_leaves_a_verifiable_chain_and_a_signed_tombstone(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    with time_machine.travel(dt.datetime(2024, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        old = [
            record(coordinator, AccessEventAction.SEARCH, programme=hotspot, persons=["P-OLD-1"])
            for _ in range(3)
        ]
    with time_machine.travel(dt.datetime(2031, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        kept = record(coordinator, AccessEventAction.READ, programme=hotspot, person_key="P-NEW")
    with time_machine.travel(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        purge(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC))
    assert not AccessEvent.objects.filter(pk__in=[row.pk for row in old]).exists()
    assert not AccessEventPerson.objects.filter(person_key="P-OLD-1").exists()
    stone = AccessLogTombstone.objects.get()
    assert (stone.first_seq, stone.last_seq, stone.rows, stone.persons) == (1, 3, 3, 3)
    assert stone.ranges == [[1, 3, old[-1].chain_hash]]
    verdict = chain.verify()
    assert verdict.ok, verdict.problem
    assert AccessEvent.objects.filter(pk=kept.pk).exists()
    # the purge's own summary rows follow on the chain
    assert verdict.seq > kept.chain_seq

    tamper("UPDATE access_accesslogtombstone SET rows = 2 WHERE id = %s", [stone.pk])
    assert "bad signature" in chain.verify().problem


def test_a_removed_tombstone_is_found(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    with time_machine.travel(dt.datetime(2024, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        record(coordinator, AccessEventAction.SEARCH, programme=hotspot)
    with time_machine.travel(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        purge(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC))
    assert chain.verify().ok
    tamper("DELETE FROM access_accesslogtombstone", [])
    assert "missing" in chain.verify().problem


def test_the_purge_removes_an_expired_row_chained_after_a_kept_one(persona, hotspot) -> None:
    """Times follow the chain closely, not exactly: a hole in the middle is bridged too."""
    coordinator = persona("coordinator")
    with time_machine.travel(dt.datetime(2024, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        record(coordinator, AccessEventAction.SEARCH, programme=hotspot)
    with time_machine.travel(dt.datetime(2031, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        record(coordinator, AccessEventAction.SEARCH, programme=hotspot)
    with time_machine.travel(dt.datetime(2024, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        late = record(coordinator, AccessEventAction.SEARCH, programme=hotspot)
    with time_machine.travel(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        purge(dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC))
    assert not AccessEvent.objects.filter(pk=late.pk).exists()
    stone = AccessLogTombstone.objects.get()
    assert stone.rows == 2
    assert [place[:2] for place in stone.ranges] == [[1, 1], [3, 3]]
    verdict = chain.verify()
    assert verdict.ok, verdict.problem


def test_the_log_refuses_changes_on_every_database(rows) -> None:
    for sql in (
        "UPDATE access_accessevent SET purpose = 'x' WHERE id = %s",
        "DELETE FROM access_accessevent WHERE id = %s",
        "UPDATE access_accesseventperson SET person_key = 'x' WHERE event_id = %s",
        "DELETE FROM access_accesseventperson WHERE event_id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [rows[-1].pk])
    assert chain.verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write() -> None:
        try:
            start.wait()
            for _ in range(10):
                with transaction.atomic():
                    record(coordinator, AccessEventAction.READ, programme=hotspot)
                    record(coordinator, AccessEventAction.SEARCH, persons=["P-A", "P-B"])
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    verdict = chain.verify()
    assert verdict.ok, verdict.problem
    assert verdict.rows == AccessEvent.objects.count() == 80


def test_every_orm_path_refuses_to_change_the_log(rows) -> None:
    """Finding 8: the same guard on every manager and queryset, and on the raw save path."""
    event = rows[-1]
    shown = AccessEventPerson.objects.filter(event_id=event.pk)
    attempts = [
        lambda: AccessEvent.objects.bulk_update([event], ["purpose"]),
        # below save(): what fixtures and raw saves reach
        lambda: event.save_base(force_update=True),
        lambda: AccessEvent.objects.update_or_create(pk=event.pk, defaults={"purpose": "x"}),
        lambda: shown.first().delete(),  # type: ignore[union-attr]
    ]
    for queryset in (shown, AccessLogTombstone.objects.all()):
        attempts += [lambda q=queryset: q.update(pk=1), lambda q=queryset: q.delete()]
    for attempt in attempts:
        with pytest.raises(AppendOnlyError), transaction.atomic():
            attempt()
    assert chain.verify().ok


def test_a_row_made_through_the_model_is_chained_too(persona) -> None:
    made = AccessEvent.objects.create(action=AccessEventAction.READ, purpose="made directly")
    bulk = AccessEvent.objects.bulk_create([AccessEvent(action=AccessEventAction.SEARCH)])
    assert (made.chain_seq, bulk[0].chain_seq) == (1, 2)
    assert chain.verify().ok


def test_imported_rows_are_chained(persona, hotspot) -> None:
    from grip.triage.exchange.writes import append_rows

    append_rows([{"action": "create", "programme": hotspot.slug, "person_key": "P-IMP-1"}] * 3)
    assert list(AccessEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True)) == [
        1,
        2,
        3,
    ]
    assert chain.verify().ok
