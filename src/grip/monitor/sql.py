"""Portable SQL for the indicators: whole minutes between two moments, and a median.

The same figure must come out of SQLite and PostgreSQL to the minute, so both are spelled
out per backend instead of relying on Django's duration arithmetic (a timedelta on one, an
interval on the other).
"""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError, connection
from django.db.models import Aggregate, Expression, F, FloatField, Func, IntegerField, QuerySet


class WholeMinutes(Func):
    """Whole minutes from ``start`` to ``end``, rounded down (seconds are dropped)."""

    output_field = IntegerField()

    def __init__(self, end: Expression | F, start: Expression | F) -> None:
        super().__init__(end, start)

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        # Django stores aware datetimes in SQLite as UTC text; strftime('%s') gives whole
        # epoch seconds (julianday arithmetic would turn 3600 s into 3599.99…).
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"((CAST(strftime('%%s', {end}) AS INTEGER)"
            f" - CAST(strftime('%%s', {start}) AS INTEGER)) / 60)"
        )
        return sql, [*end_params, *start_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        sql = f"(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 60))::integer"
        return sql, [*end_params, *start_params]


def median(values: QuerySet[Any], column: str) -> float | None:
    """The median of ``column`` over the rows of ``values`` (a ``values(column)`` queryset
    with NULLs already excluded), as the mean of the middle one or two, in SQL.

    PostgreSQL has it as an ordered-set aggregate (``percentile_cont(0.5)`` interpolates
    halfway between the two middle values of an even count: their mean), which needs no
    numbering of every row; SQLite numbers the rows and averages the middle one or two.
    """
    inner, params = values.values(column).query.sql_with_params()
    # Only compiled ORM SQL and fixed text go into these statements.
    value = f"SELECT {connection.ops.quote_name(column)} AS v FROM ({inner}) AS base"  # noqa: S608
    if connection.vendor == "postgresql":
        sql = f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM ({value}) AS s"  # noqa: S608
    else:
        sql = (
            "SELECT AVG(v) FROM ("  # noqa: S608
            f" SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n"
            f" FROM ({value}) AS s"
            ") AS ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else float(row[0])


def medians_in_aggregates() -> bool:
    """Can a median be one more aggregate of a pass (``Median``)? Only on PostgreSQL."""
    return connection.vendor == "postgresql"


class Median(Aggregate):
    """The median as an aggregate, so it shares the pass over the rows with the counts.

    PostgreSQL's ``percentile_cont(0.5)`` is the middle value, or halfway between the two
    middle values of an even count (their mean): the same figure as ``median``. SQLite has no
    such aggregate; callers ask ``medians_in_aggregates()`` and use ``median`` there.
    """

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        raise NotSupportedError("Median as an aggregate needs PostgreSQL; use median().")
