"""Settings for the factsheet's few large statements, for their transaction only.

PostgreSQL's default ``work_mem`` (4 MB) makes a national factsheet's sorts and hash tables
spill to disk (a median sorts up to 1.5 million values); 64 MB keeps them in memory. Set
with ``SET LOCAL``, so it ends with the transaction and touches no other statement. SQLite
has no such setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

WORK_MEM = "64MB"


@contextmanager
def reporting_transaction() -> Iterator[None]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])
        yield
