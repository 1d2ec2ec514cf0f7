"""Bring the factsheet's facts (``monitor.facts``) up to date with the registrations.

The triggers of ``monitor.triggers`` mark each response whose facts may have changed;
``refresh_facts`` recomputes the marked responses' rows from the registrations (the same
definitions as ``monitor.indicators``'s live queries: whole minutes, "measured" only when
every part is known) and then deletes exactly the marks it read. A mark written by another
transaction meanwhile is not among them and survives for the next refresh, so no change is
ever lost between reading the marks and recomputing. Refreshes take turns (an advisory lock
on PostgreSQL; SQLite has one writer at a time anyway).
"""

# Statements here are built from model table names, fixed text and compiled ORM SQL only.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from grip.followup.models import TrajectoryStatus
from grip.monitor.definitions import (
    WITH_CARE_CONTACT,
    on_site_measured,
    on_site_minutes,
    police_measured,
    police_minutes,
    to_care_minutes,
)
from grip.monitor.facts import CodeFact, CodeRelation, ResponseFact, StaleFact
from grip.triage.models import Response

# Marks handled per round (one transaction each): a national set is rebuilt in a few dozen
# rounds, and a round's temporary table stays small.
CHUNK = 100_000
_BATCH = "grip_fact_batch"
ANALYZE_AFTER = 10_000
_LOCK = 0x6772_6970_6661_6374  # "gripfact": one refresh at a time on PostgreSQL


def _measured(condition: Q, minutes: Any) -> Case:
    return Case(When(condition, then=minutes), default=Value(None), output_field=IntegerField())


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False))


# Column of ResponseFact → its value for one response (the v1 definitions, as SQL).
FACT_COLUMNS: dict[str, Any] = {
    "response_id": F("pk"),
    "programme_id": F("incident__programme_id"),
    "area_id": F("incident__area_id"),
    "reported_at": F("incident__reported_at"),
    "person_id": F("incident__person_id"),
    "ave_on_arrival": F("ave_on_arrival"),
    "safety_person_id": F("safety_person_id"),
    "safety_surroundings_id": F("safety_surroundings_id"),
    "outcome_id": F("outcome_id"),
    "police_minutes": _measured(police_measured(), police_minutes()),
    "on_site_minutes": _measured(on_site_measured(), on_site_minutes()),
    "has_trajectory": _flag(Q(trajectory__isnull=False)),
    "trajectory_with_holder": _flag(Q(trajectory__case_organisation__isnull=False)),
    "trajectory_closed": _flag(Q(trajectory__status=TrajectoryStatus.CLOSED)),
    "to_care_minutes": _measured(WITH_CARE_CONTACT, to_care_minutes()),
}


def _insert_select(table: str, columns: tuple[str, ...], rows: QuerySet[Any]) -> None:
    """``INSERT INTO table (columns) SELECT …`` from a ``values_list`` in the same order."""
    select, params = rows.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)


def _fact_rows(batch: RawSQL) -> QuerySet[Any]:
    aliases = {f"fact_{name}": value for name, value in FACT_COLUMNS.items()}
    return (
        Response.objects.filter(pk__in=batch).annotate(**aliases).values_list(*aliases).order_by()
    )


def _insert_codes(relation: CodeRelation) -> None:
    """The batch's codes of one list, with the scope read from their just-written facts
    (no second join of the responses to their incidents)."""
    through = _table(getattr(Response, relation.label).through)
    fact, code = _table(ResponseFact), _table(CodeFact)
    _execute(
        f"INSERT INTO {code} (response_id, relation, term_id, programme_id, area_id, reported_at)"
        f" SELECT t.response_id, {int(relation.value)}, t.term_id,"
        " f.programme_id, f.area_id, f.reported_at"
        f" FROM {through} t JOIN {fact} f ON f.response_id = t.response_id"
        f" WHERE t.response_id IN (SELECT response_id FROM {_BATCH})"
    )


def _execute(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _recompute() -> None:
    """The facts of the responses in this round's batch, from the registrations."""
    batch = RawSQL(f"SELECT response_id FROM {_BATCH}", ())  # noqa: S611 - a fixed name
    for model in (ResponseFact, CodeFact):
        _execute(
            f"DELETE FROM {_table(model)} WHERE response_id IN (SELECT response_id FROM {_BATCH})"
        )
    _insert_select(_table(ResponseFact), tuple(FACT_COLUMNS), _fact_rows(batch))
    for relation in CodeRelation:
        _insert_codes(relation)


def refresh_facts() -> int:
    """Recompute the facts of every marked response; the number of marks handled.

    Each round copies up to ``CHUNK`` marks into a temporary table (exactly the marks read,
    whatever commits meanwhile), recomputes their responses' facts with set-based SQL
    (no ids travel through Python) and deletes those marks.
    """
    stale = _table(StaleFact)
    handled = 0
    # Until no mark is left: marks written while a round ran (after it read its own) are
    # handled by the next round, before any figure is counted.
    while StaleFact.objects.exists():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
            _execute(f"DROP TABLE IF EXISTS {_BATCH}")
            read = _execute(
                f"CREATE TEMPORARY TABLE {_BATCH} AS SELECT id, response_id FROM {stale}"
                f" ORDER BY id LIMIT {int(CHUNK)}"
            )
            if connection.vendor == "sqlite":  # SQLite reports no row count for this
                read = _count(_BATCH)
            else:
                _execute(f"ANALYZE {_BATCH}")  # a temporary table has no statistics otherwise
            if read:
                _recompute()
                _execute(f"DELETE FROM {stale} WHERE id IN (SELECT id FROM {_BATCH})")
            _execute(f"DROP TABLE {_BATCH}")
        handled += read
    if handled >= ANALYZE_AFTER:
        _tidy()
    return handled


def _tidy() -> None:
    """After a large refresh: fresh statistics (without them the planner takes a national
    scope for a few rows: sorts that spill instead of hashing) and, outside a transaction,
    PostgreSQL's visibility map too (the persons figure reads only its index when the pages
    are marked all-visible)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    # The marks table too: until its dead rows are vacuumed, "is anything marked?" before
    # every factsheet reads past all of them (seconds after a national rebuild).
    for model in (ResponseFact, CodeFact, StaleFact):
        _execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {_table(model)}")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
        return int(count)
