"""The one deletion path of append-only tables: expired rows, deleted by the purge.

The access log, trajectory events and response revisions are append-only by design: their
models refuse updates (and the access log refuses ``delete()``), and on PostgreSQL a trigger
refuses UPDATE and DELETE on the access log (on SQLite too, since access migration 0006).
Retention still has to end them. Rather than
loosening those rules, the purge deletes through ``delete_expired_rows`` only, which

- runs inside the purge's transaction (it refuses to run outside one),
- turns on the PostgreSQL session setting ``grip.purge`` for that transaction alone
  (``set_config('grip.purge', 'on', true)``) and off again as soon as the delete is done (on
  SQLite: a row in ``grip_purge_window`` for as long), and
- deletes with a plain SQL DELETE by primary key, past the refusing ``delete()`` of the model
  and of its queryset.

The access-log trigger is expected to let a DELETE through when, and only when,
``current_setting('grip.purge', true) = 'on'``; UPDATE stays refused always. The SQL that the
access-log migration should carry is in ``docs/retention.md`` ("Append-only tables").
Nothing but ``grip.retention`` calls this module, and nothing should.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import ForeignObjectRel, QuerySet
from django.db.models.sql.subqueries import DeleteQuery

from grip.retention.plan import CHUNK

PURGE_SETTING = "grip.purge"


@contextmanager
def purge_allowed() -> Iterator[None]:
    """Let the append-only triggers accept DELETE for the duration of the block."""
    if not connection.in_atomic_block:
        raise RuntimeError("Append-only rows are deleted only inside the purge's transaction.")
    if connection.vendor == "sqlite":
        # The SQLite triggers (access migration 0006) let DELETE through while this table
        # holds a row; SQLite runs one writing transaction at a time, so no one else sees it.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO grip_purge_window (id) VALUES (1)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM grip_purge_window")
        return
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])


def delete_expired_rows(queryset: QuerySet[Any]) -> int:
    """Delete the rows of ``queryset`` (expired rows of an append-only table); how many.

    Plain ``DELETE … WHERE id IN (…)`` in batches, past the model's and the queryset's refusing
    ``delete()``: these tables are append-only for every other code path. Only for tables that
    no other row refers to (signals and cascades are not run), which is checked.
    """
    model = queryset.model
    referred = [
        relation.related_model
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
    ]
    if referred:
        raise ImproperlyConfigured(
            f"{model._meta.label} is referred to by {referred}; purge it with its dependants."
        )
    deleted = 0
    with purge_allowed():
        while True:
            batch = list(queryset.order_by("pk").values_list("pk", flat=True)[:CHUNK])
            if not batch:
                return deleted
            done = DeleteQuery(model).delete_batch(batch, queryset.db)
            if not done:
                raise RuntimeError(f"Expired {model._meta.label} rows could not be deleted.")
            deleted += done
