"""Memory for the factsheet's median sorts, for that statement only.

PostgreSQL's default ``work_mem`` (4 MB) makes a national median (a sort of up to 1.5 million
values) spill to disk; 64 MB keeps it in memory. It is raised for the medians only and put
back after: with more memory the planner hashes the persons figure's 600,000 groups instead
of reading them in order from its index, which is slower. ``set_config(…, true)`` lasts at
most until the end of the transaction, so nothing leaks to other statements. SQLite has no
such setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

WORK_MEM = "64MB"


@contextmanager
def memory_for_sorting() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [before])
