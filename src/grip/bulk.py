"""Bulk inserts from plain values, for the import's hot path.

``bulk_create`` builds a model instance and compiles every value of every object; at 150,000
rows with a dozen database rows each that alone costs more than the import may take. Here a
row is a dictionary of column values: missing columns get the model field's default (and
``auto_now``/``auto_now_add`` fields the time of the insert), only the values that need it go
through the backend's adaptation (times, JSON, UUIDs), and each table gets one statement per
batch where the backend allows:

- PostgreSQL: binary ``COPY`` (psycopg encodes the rows in C; the server parses nothing), new
  ids drawn from the table's sequence beforehand in one query; ``INSERT … SELECT * FROM
  UNNEST(%s::type[], …)`` for ``ignore_conflicts`` (``COPY`` has no ``ON CONFLICT``);
- SQLite: ``executemany``, or multi-row ``VALUES`` within its 999-parameter limit when the new
  ids are needed.

New ids come in row order: drawn ascending from the sequence before a ``COPY``, or from
``RETURNING`` in insert order (which Django's ``bulk_create`` relies on for both backends).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models.constants import OnConflict
from django.db.models.expressions import RawSQL
from django.utils import timezone

Row = dict[str, Any]
# Rows are dictionaries (``attname`` -> value), or, with ``columns``, tuples in that order: the
# import's largest tables skip building a dictionary per row.
Rows = list[Row] | list[tuple[Any, ...]]

# Field types whose Python values go to the driver as they are.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
MAX_ROWS_PER_STATEMENT = 500  # SQLite multi-row VALUES, when its limit allows that many


def insert(
    model: type[models.Model],
    rows: Rows,
    *,
    columns: Sequence[str] | None = None,
    returning_ids: bool = False,
    ignore_conflicts: bool = False,
) -> list[int]:
    """Insert ``rows`` (``attname`` -> value, the same keys in every row; or tuples of the
    ``columns`` named); return the new ids in row order when asked."""
    if not rows:
        return []
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs per access
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if conn.vendor == "postgresql" and not ignore_conflicts:
        copy_types = _copy_types(fields, conn)
        if copy_types is not None:
            return _insert_copy(model, fields, copy_types, rows, conn, returning_ids, columns)
    params = _values(fields, rows, conn, columns=columns)
    ops = conn.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    head = "{} {} ({})".format(
        ops.insert_statement(on_conflict=on_conflict),
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(_column(field)) for field in fields),
    )
    tail = ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or ""
    returning = ""
    if returning_ids:
        pk = model._meta.pk
        assert pk is not None
        returning = f"RETURNING {ops.quote_name(_column(pk))}"
    if conn.vendor == "postgresql":
        return _insert_unnest(conn, fields, params, head, f"{tail} {returning}")
    row_sql = "({})".format(", ".join(["?"] * len(fields)))
    if not returning_ids:
        _sqlite_run(conn, f"{head} VALUES {row_sql} {tail}", params, many=True)
        return []
    size = _rows_per_statement(len(fields), conn)
    ids: list[int] = []
    for start in range(0, len(params), size):
        chunk = params[start : start + size]
        values = ", ".join([row_sql] * len(chunk))
        flat = [value for row in chunk for value in row]
        ids.extend(
            row[0] for row in _sqlite_run(conn, f"{head} VALUES {values} {tail} {returning}", flat)
        )
    return ids


def _sqlite_run(
    conn: BaseDatabaseWrapper, sql: str, params: Sequence[Any], *, many: bool = False
) -> list[Any]:
    """SQLite: ``sql`` with ``?`` placeholders on the driver's own cursor, its rows.

    Django's cursor rewrites every statement's ``%s`` placeholders with a regular expression
    (at multi-row ``VALUES`` of a thousand placeholders, per statement); this skips that and
    keeps the rest: errors as Django's (``IntegrityError`` makes a batch run again) and the
    statement in the query log when that is on, so query counts still see it.
    """
    conn.ensure_connection()
    started = time.monotonic()
    cursor = conn.connection.cursor()
    try:
        with conn.wrap_database_errors:
            if many:
                cursor.executemany(sql, params)
                return []
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        cursor.close()
        if conn.queries_logged:
            took = time.monotonic() - started
            times = f" -- {len(params)} times" if many else ""
            conn.queries_log.append({"sql": f"{sql}{times}", "time": f"{took:.3f}"})


def among(model: type[models.Model], name: str, values: Iterable[Any]) -> RawSQL:
    """A condition for ``model.objects.filter``: the field ``name`` is one of ``values``.

    One parameter however many values: PostgreSQL gets an array (``= ANY``), SQLite a JSON
    list (``json_each``). Django's ``__in`` spells out a placeholder per value, which the
    driver then splits and quotes in Python; at a batch's thousands of keys that showed in
    the import's profile.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    qn = conn.ops.quote_name
    column = f"{qn(model._meta.db_table)}.{qn(_column(model._meta.get_field(name)))}"  # type: ignore[arg-type]
    listed = list(values)
    if conn.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s)", [listed], output_field=models.BooleanField())  # noqa: S611
    return RawSQL(  # noqa: S611 - the column comes from the model, the values are a parameter
        f"{column} IN (SELECT value FROM json_each(%s))",  # noqa: S608
        [json.dumps(listed)],
        output_field=models.BooleanField(),
    )


def among_pairs(
    model: type[models.Model], names: tuple[str, str], pairs: Iterable[tuple[Any, Any]]
) -> RawSQL:
    """A condition: the fields ``names`` together are one of ``pairs``, or, on SQLite, each
    field is among the pairs' values (the caller keeps the rows of its own pairs).

    PostgreSQL: one index search per pair where an index covers both fields, where
    ``a = ANY(…) AND b = ANY(…)`` searches every combination (40 % faster at 2,000 pairs
    of four incident codes). SQLite searches the combinations faster than it reads pairs
    out of JSON (6 ms against 39 ms), so there the two fields are filtered apart.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    listed = list(pairs)
    if conn.vendor != "postgresql":
        first, second = (
            among(model, name, {pair[i] for pair in listed}) for i, name in enumerate(names)
        )
        return RawSQL(  # noqa: S611 - two conditions built by ``among``
            f"({first.sql}) AND ({second.sql})",
            [*first.params, *second.params],
            output_field=models.BooleanField(),
        )
    fields = [model._meta.get_field(name) for name in names]
    qn = conn.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(f"{table}.{qn(_column(field))}" for field in fields)  # type: ignore[arg-type]
    arrays = ", ".join(f"%s::{_array_type(field, conn)}" for field in fields)  # type: ignore[arg-type]
    values = [[pair[index] for pair in listed] for index in range(len(fields))]
    return RawSQL(  # noqa: S611 - columns and types come from the model, values are parameters
        f"({columns}) IN (SELECT * FROM UNNEST({arrays}))",  # noqa: S608
        values,
        output_field=models.BooleanField(),
    )


def update(model: type[models.Model], names: list[str], rows: list[Row]) -> None:
    """Set the fields ``names`` of existing rows, by primary key; each row holds the pk's and
    the fields' attnames. One compiled statement per call, where ``bulk_update`` would build a
    CASE expression per object and field."""
    if not rows:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    pk = model._meta.pk
    assert pk is not None
    fields = [model._meta.get_field(name) for name in names]
    concrete = [field for field in fields if isinstance(field, models.Field)]
    ops = conn.ops
    table = ops.quote_name(model._meta.db_table)
    key = ops.quote_name(_column(pk))
    columns = [ops.quote_name(_column(field)) for field in concrete]
    params = _values([*concrete, pk], rows, conn)
    if conn.vendor == "postgresql":
        arrays = ", ".join(f"(%b)::{_array_type(field, conn)}" for field in [*concrete, pk])
        assignments = ", ".join(f"{column} = v.{column}" for column in columns)
        sql = (
            f"UPDATE {table} SET {assignments} FROM UNNEST({arrays}) "  # noqa: S608
            f"AS v({', '.join(columns)}, {key}) WHERE {table}.{key} = v.{key}"
        )
        _execute_binary(conn, sql, [list(column) for column in zip(*params, strict=True)])
        return
    assignments = ", ".join(f"{column} = ?" for column in columns)
    _sqlite_run(conn, f"UPDATE {table} SET {assignments} WHERE {key} = ?", params, many=True)  # noqa: S608


def _insert_unnest(
    conn: BaseDatabaseWrapper,
    fields: list[models.Field[Any, Any]],
    params: list[Sequence[Any]],
    head: str,
    tail: str,
) -> list[int]:
    """PostgreSQL: one statement, one array per column, bound server-side in binary.

    Django's client-side binding would spell every array out as a quoted literal in Python,
    five times slower than the rest of the import; a binary-bound cursor on the same
    connection (the same transaction) passes the arrays as they are.
    """
    arrays = ", ".join(f"(%b)::{_array_type(field, conn)}" for field in fields)
    columns = [list(column) for column in zip(*params, strict=True)]
    sql = f"{head} SELECT * FROM UNNEST({arrays}) {tail}"  # noqa: S608
    rows = _execute_binary(conn, sql, columns, fetch="RETURNING" in tail)
    return [row[0] for row in rows]


def _insert_copy(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    types: list[str],
    rows: Rows,
    conn: BaseDatabaseWrapper,
    returning_ids: bool,
    columns: Sequence[str] | None,
) -> list[int]:
    """PostgreSQL: one binary ``COPY``; the new ids, when wanted, drawn first and written along.

    Against ``INSERT … UNNEST`` this spares the Python-side array encoding (psycopg writes
    ``COPY`` rows in C) and the server's parsing and unnesting of the arrays.
    """
    ops = conn.ops
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    params = _values(fields, rows, conn, json_as_text=False, columns=columns)
    columns = [_column(field) for field in fields]
    ids: list[int] = []
    if returning_ids:
        with conn.cursor() as cursor:
            # The sequence named once: ``pg_get_serial_sequence`` in the select list would
            # be looked up again for every row (seven times slower at 2,000 ids).
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [_sequence(conn, table, _column(pk)), len(rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
        columns.insert(0, _column(pk))
        types = [str(pk.db_type(conn)).split("(")[0], *types]
        params = [(pk_value, *values) for pk_value, values in zip(ids, params, strict=True)]
    sql = "COPY {} ({}) FROM STDIN (FORMAT BINARY)".format(
        ops.quote_name(table), ", ".join(ops.quote_name(column) for column in columns)
    )
    conn.ensure_connection()
    started = time.monotonic()
    # Errors as Django's: a unique key a concurrent writer took is an ``IntegrityError``, on
    # which the import runs the batch again.
    with conn.wrap_database_errors, conn.connection.cursor() as cursor:
        if "jsonb" in types:
            from psycopg.types.json import set_json_dumps

            # A revision's history per imported row: the standard library's encoder took
            # 0.74 s per national file, orjson 0.04 s (the server stores the same jsonb).
            set_json_dumps(orjson.dumps, cursor)
        with cursor.copy(sql) as copy:
            copy.set_types(types)
            for values in params:
                copy.write_row(values)
    if conn.queries_logged:  # as Django logs its own statements: query counts still see it
        took = time.monotonic() - started
        conn.queries_log.append({"sql": f"{sql} -- {len(rows)} rows", "time": f"{took:.3f}"})
    return ids


def _sequence(conn: BaseDatabaseWrapper, table: str, column: str) -> str:
    """PostgreSQL: the name of the sequence behind ``table.column``, asked once per
    connection (the schema does not change under a running import)."""
    cache: dict[tuple[str, str], str] = conn.__dict__.setdefault("_grip_sequences", {})
    if (table, column) not in cache:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            (cache[table, column],) = cursor.fetchone()
    return cache[table, column]


def _copy_types(
    fields: list[models.Field[Any, Any]], conn: BaseDatabaseWrapper
) -> list[str] | None:
    """The PostgreSQL type name of each field for a binary ``COPY``; None when psycopg does
    not know one of them (then the ``INSERT … UNNEST`` path serves)."""
    from psycopg import postgres

    names = []
    for field in fields:
        name = str(field.db_type(conn)).split("(")[0].strip()
        info = postgres.types.get(name)
        if info is None:
            return None
        names.append(info.name)
    return names


def _execute_binary(
    conn: BaseDatabaseWrapper, sql: str, params: list[Any], *, fetch: bool = False
) -> list[Any]:
    """Run ``sql`` on a binary-bound cursor of the same connection, wrapped like Django's own
    cursors so query logging and counting still see it."""
    import psycopg

    conn.ensure_connection()
    raw = psycopg.Cursor(conn.connection)
    wrapper = CursorDebugWrapper if conn.queries_logged else CursorWrapper
    with wrapper(raw, conn) as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if fetch else []


def _values(
    fields: list[models.Field[Any, Any]],
    rows: Rows,
    conn: BaseDatabaseWrapper,
    *,
    json_as_text: bool = True,
    columns: Sequence[str] | None = None,
) -> list[Sequence[Any]]:
    """Each row as a sequence of database values, in ``fields`` order (JSON serialised to
    text unless ``json_as_text`` is false: a binary ``COPY`` encodes it itself)."""
    now = timezone.now()
    given = list(columns) if columns is not None else list(rows[0].keys())  # type: ignore[union-attr]
    defaults: list[Any] = []  # adapted once, not per row
    adapters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, field in enumerate(fields):
        adapter = _adapter(field, conn, json_as_text)
        if field.attname in given:
            if adapter is not None:
                adapters.append((index, adapter))
            continue
        if _is_auto_time(field):
            default = now
        elif field.has_default() and callable(field.default):
            raise ValueError(f"{field.attname}: a callable default must be given per row")
        else:
            default = field.get_default()
        defaults.append(adapter(default) if adapter is not None else default)
    # A row's values are its given ones followed by the defaults; ``take`` puts them in
    # ``fields`` order (both steps in C).
    source = given + [field.attname for field in fields if field.attname not in given]
    order = [source.index(field.attname) for field in fields]
    if columns is None:
        pick = _picked(given)
        tuples = [pick(row) for row in rows]
    else:
        tuples = rows  # type: ignore[assignment]
    complete: list[Sequence[Any]]
    if defaults or order != list(range(len(order))):
        tail = tuple(defaults)
        take = _picked(order)
        complete = [take(values + tail) for values in tuples]
    else:
        complete = tuples  # type: ignore[assignment]
    if not adapters:
        return complete
    adapted: list[Sequence[Any]] = []
    for values in complete:
        row = list(values)
        for index, adapt in adapters:
            row[index] = adapt(row[index])
        adapted.append(row)
    return adapted


def _picked(keys: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """``itemgetter`` that always gives a tuple (of one key it gives the bare value)."""
    if len(keys) == 1:
        (key,) = keys
        return lambda item: (item[key],)
    return itemgetter(*keys)


def _adapter(
    field: models.Field[Any, Any], conn: BaseDatabaseWrapper, json_as_text: bool = True
) -> Callable[[Any], Any] | None:
    internal_type = field.get_internal_type()
    if internal_type in _AS_IS:
        return None
    if internal_type == "JSONField" and getattr(field, "encoder", None) is None:
        if not json_as_text:
            return None
        # Serialised here, once: PostgreSQL casts the text to jsonb, SQLite stores it as is
        # (what ``adapt_json_value`` does on both, minus the per-value adapter objects).
        # orjson, as for a ``COPY``: the standard library's encoder was a twentieth of a
        # national SQLite import (ADR 0060). Its text is compact and UTF-8, which every JSON
        # reader, Django's included, reads back as the same value.
        return _json_text
    if internal_type == "DateTimeField":
        return _datetime_adapter(conn)
    return lambda value: field.get_db_prep_save(value, conn)


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _datetime_adapter(conn: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """Aware times as the backend stores them, without the field's checks for naive values:
    the import hands over aware times only, and this runs a million times."""
    if conn.vendor == "postgresql":
        return None  # the driver takes aware datetimes as they are
    if conn.vendor == "sqlite":
        # What ``adapt_datetimefield_value`` gives (naive text in the connection's time zone,
        # UTC), in one step instead of five.
        zone = conn.timezone
        utc = zone is dt.UTC

        def sqlite_text(value: Any) -> Any:
            if value is None:
                return None
            if utc and value.tzinfo is dt.UTC:  # the import's own times: the same, shorter
                return value.isoformat(" ")[:-6]  # without "+00:00"
            return str(value.astimezone(zone).replace(tzinfo=None))

        return sqlite_text
    return conn.ops.adapt_datetimefield_value


def _is_auto_time(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _column(field: models.Field[Any, Any]) -> str:
    column = field.column
    assert column is not None  # concrete fields have a column
    return column


def _array_type(field: models.Field[Any, Any], conn: BaseDatabaseWrapper) -> str:
    # Without the length (varchar[] rather than varchar(40)[]): no silent truncation. JSON
    # arrives as text (serialised once in ``_adapter``) and is cast on the server.
    db_type = str(field.db_type(conn)).split("(")[0]
    return "text[]::jsonb[]" if db_type == "jsonb" else f"{db_type}[]"


def _rows_per_statement(width: int, conn: BaseDatabaseWrapper) -> int:
    limit = conn.features.max_query_params  # 999 on SQLite
    if limit is None:
        return MAX_ROWS_PER_STATEMENT
    return max(1, min(MAX_ROWS_PER_STATEMENT, limit // width))
