"""Database triggers that note which responses' facts (``monitor.facts``) may have changed.

Triggers, not signals: bulk inserts (the import's ``COPY``), ``QuerySet.update``, merges,
the retention purge and raw SQL all bypass Django's signals, and a factsheet counted from a
stale fact would be a wrong figure for a ministry. A trigger sees every write.

Installed after every ``migrate`` (``post_migrate``), not in a migration: SQLite rebuilds a
table for many schema changes, which drops its triggers silently, and a later migration of
``triage`` or ``intake`` must not leave the facts unguarded. When any trigger was missing,
every response (and every fact) is marked, so the facts are rebuilt from the registrations
on the next refresh: whatever happened while a trigger was absent is covered.

PostgreSQL: statement-level triggers with transition tables (one ``INSERT … SELECT`` per
statement, so an import's ``COPY`` of 2,000 rows writes its marks in one go). SQLite has
only row-level triggers; each writes one small row.
"""

# Every statement here is built from the fixed names below, never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

PREFIX = "grip_facts_"
STALE = "monitor_stalefact"
RESPONSE = "triage_response"
INCIDENT = "intake_incident"
TRAJECTORY = "followup_trajectory"
CODE_TABLES = (
    "triage_response_risks",
    "triage_response_interventions",
    "triage_response_bottlenecks",
)

# (trigger name, table, event, which rows, the response id in those rows) for every write
# that can change a fact. "new"/"old": the rows after/before the statement.
_WATCHED: list[tuple[str, str, str, str, str]] = [
    ("response_ins", RESPONSE, "INSERT", "new", "id"),
    ("response_upd", RESPONSE, "UPDATE", "new", "id"),
    ("response_del", RESPONSE, "DELETE", "old", "id"),
    ("trajectory_ins", TRAJECTORY, "INSERT", "new", "response_id"),
    ("trajectory_upd_new", TRAJECTORY, "UPDATE", "new", "response_id"),
    ("trajectory_upd_old", TRAJECTORY, "UPDATE", "old", "response_id"),
    ("trajectory_del", TRAJECTORY, "DELETE", "old", "response_id"),
    *(
        (f"{table.rsplit('_', 1)[1]}_{suffix}", table, event, rows, "response_id")
        for table in CODE_TABLES
        for suffix, event, rows in (("ins", "INSERT", "new"), ("del", "DELETE", "old"))
    ),
]
# An incident's programme, area, moment or person is part of its response's facts.
_INCIDENT_UPDATE = "incident_upd"


def names() -> list[str]:
    return [PREFIX + name for name, *_ in _WATCHED] + [PREFIX + _INCIDENT_UPDATE]


def _postgresql() -> list[str]:
    statements = []
    for name, table, event, rows, column in _WATCHED:
        function = f"{PREFIX}{name}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN INSERT INTO {STALE} (response_id)"
            f" SELECT DISTINCT {column} FROM {rows}_rows WHERE {column} IS NOT NULL;"
            " RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"CREATE TRIGGER {function} AFTER {event} ON {table}"
            f" REFERENCING {rows.upper()} TABLE AS {rows}_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    function = PREFIX + _INCIDENT_UPDATE
    statements += [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN INSERT INTO {STALE} (response_id)"
        f" SELECT r.id FROM {RESPONSE} r JOIN new_rows n ON n.id = r.incident_id"
        " JOIN old_rows o ON o.id = n.id"
        " WHERE (n.programme_id, n.area_id, n.reported_at, n.person_id)"
        " IS DISTINCT FROM (o.programme_id, o.area_id, o.reported_at, o.person_id);"
        " RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {function} ON {INCIDENT}",
        f"CREATE TRIGGER {function} AFTER UPDATE ON {INCIDENT}"
        " REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]
    return statements


def _sqlite() -> list[str]:
    statements = []
    for name, table, event, rows, column in _WATCHED:
        row = rows.upper()
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{name} AFTER {event} ON {table}"
            f" FOR EACH ROW WHEN {row}.{column} IS NOT NULL"
            f" BEGIN INSERT INTO {STALE} (response_id) VALUES ({row}.{column}); END"
        )
    statements.append(
        f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{_INCIDENT_UPDATE}"
        f" AFTER UPDATE OF programme_id, area_id, reported_at, person_id ON {INCIDENT}"
        f" FOR EACH ROW BEGIN INSERT INTO {STALE} (response_id)"
        f" SELECT id FROM {RESPONSE} WHERE incident_id = NEW.id; END"
    )
    return statements


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {name for (name,) in cursor.fetchall()}


def install(connection: BaseDatabaseWrapper, *, rebuild: bool = False) -> bool:
    """Create the triggers that are missing; when any was (or with ``rebuild``), mark every
    response and fact so the next refresh rebuilds them all. True when it marked them."""
    tables = {STALE, RESPONSE, INCIDENT, TRAJECTORY, "monitor_responsefact", *CODE_TABLES}
    if not tables <= set(connection.introspection.table_names()):
        return False  # a partial migrate: the next full one installs them
    if not rebuild and set(names()) <= installed(connection):
        return False
    statements = _postgresql() if connection.vendor == "postgresql" else _sqlite()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            f"INSERT INTO {STALE} (response_id)"
            f" SELECT id FROM {RESPONSE} UNION SELECT response_id FROM monitor_responsefact"
        )
    return True


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop every trigger (and, on PostgreSQL, its function): before the facts tables go."""
    tables = {PREFIX + name: table for name, table, *_ in _WATCHED}
    tables[PREFIX + _INCIDENT_UPDATE] = INCIDENT
    with connection.cursor() as cursor:
        for name, table in tables.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    install(connections[using])


# SQLite, during one batch of the exchange import (``triage.signals.bulk_writing``): the
# triggers' SQL as they were, on the connection that set them aside.
_SET_ASIDE: WeakKeyDictionary[BaseDatabaseWrapper, list[tuple[str, str]]] = WeakKeyDictionary()


def set_aside_for_batch(sender: Any = None, **kwargs: Any) -> None:
    """SQLite: drop the triggers for the import batch about to write, inside its transaction.

    SQLite has only row triggers, and a table with one takes about twice as long to insert
    into, whether or not the trigger's condition holds (measured on the code-list tables:
    the marks themselves are cheap, the trigger is not). The batch's writes all belong to the
    responses ``bulk_written`` names, so one mark per response says everything the triggers
    would. The triggers are dropped and created again in the batch's own transaction: SQLite
    lets one writer in at a time, so no other connection ever writes while they are away,
    and if the batch fails the rollback puts them back. PostgreSQL's statement triggers cost
    little and stay; outside a transaction nothing is set aside either.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    # Left from a batch that failed (its rollback has put the triggers back): forget it, or
    # the next ``mark_batch`` would create them a second time.
    _SET_ASIDE.pop(connection, None)
    if connection.vendor != "sqlite" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [PREFIX + "%"],
        )
        found = [(name, sql) for name, sql in cursor.fetchall()]
        for name, _sql in found:
            cursor.execute(f"DROP TRIGGER {name}")
    _SET_ASIDE[connection] = found


def mark_batch(sender: Any = None, *, response_ids: list[int], **kwargs: Any) -> None:
    """After ``set_aside_for_batch``: mark the batch's responses and put the triggers back."""
    from grip.bulk import insert
    from grip.monitor.facts import StaleFact

    connection = connections[DEFAULT_DB_ALIAS]
    found = _SET_ASIDE.pop(connection, None)
    if found is None:
        return  # the triggers were in place and have marked what changed
    insert(StaleFact, [(pk,) for pk in response_ids], columns=("response_id",))
    with connection.cursor() as cursor:
        for _name, sql in found:
            cursor.execute(sql)
