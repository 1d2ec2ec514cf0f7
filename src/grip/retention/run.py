"""One purge run: every retention class found first, then applied in one transaction.

Order matters: situations, trajectories and reflection sessions first, since they take records
away from persons (the person class of the same run counts those as gone); the logs last.
Finding everything before changing anything lets ``--dry-run`` show exactly what a real run
would do while writing nothing; a real run then applies what was found, in one transaction,
so a failure leaves everything as it was and the next run starts over.

To give another app's records a retention class (the learning app's reflection sessions, say),
write a purger with ``find`` and ``apply`` (``plan.Purger``), add a class to ``classes.py`` and
its setting to ``settings.py``, and put the purger in ``PURGERS`` before ``PersonPurger`` if it
takes records away from persons (declare those rows in ``Found.unlinks``).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.monitor.refresh import refresh_facts
from grip.network.models import Programme
from grip.retention.logs import AccessLogPurger, BreakGlassPurger, NotificationLogPurger
from grip.retention.persons import PersonPurger
from grip.retention.plan import Found, Purger
from grip.retention.reflection import ReflectionPurger
from grip.retention.situations import SituationPurger
from grip.retention.trajectories import TrajectoryPurger

PURGE_LOCK = 0x67726970  # "grip": the advisory lock that keeps purge runs apart

PURGERS: tuple[Purger, ...] = (
    SituationPurger(),
    TrajectoryPurger(),
    ReflectionPurger(),
    PersonPurger(),
    AccessLogPurger(),
    BreakGlassPurger(),
    NotificationLogPurger(),
)


def find_all(now: dt.datetime) -> list[Found]:
    """What every class would do at ``now``; reads only."""
    found: list[Found] = []
    for purger in PURGERS:
        found.append(purger.find(now, found))
    return found


def purge(now: dt.datetime, *, dry_run: bool = False) -> list[Found]:
    """Find what expired at ``now`` and, unless ``dry_run``, anonymise or delete it."""
    if dry_run:
        return find_all(now)
    with transaction.atomic():
        _one_run_at_a_time()
        found = find_all(now)
        for purger, what in zip(PURGERS, found, strict=True):
            if not what.empty:
                purger.apply(what, now)
        _log_summary(found)
    # The factsheet's derived facts of what was purged go now, not at the next factsheet.
    refresh_facts()
    return found


def _one_run_at_a_time() -> None:
    """A second run started meanwhile waits for this one and then finds nothing left to do.

    SQLite needs nothing: its transactions take the write lock when they begin."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PURGE_LOCK])


def _log_summary(found: list[Found]) -> None:
    """One access-log row per class, programme and kind of change, with the count: the log
    says what retention removed even where no single person is named."""
    programmes = Programme.objects.in_bulk(
        sorted({p for what in found for p, _kind in what.counts if p is not None})
    )
    for what in found:
        for (programme, kind), n in sorted(what.counts.items(), key=lambda item: _order(item[0])):
            record(
                None,
                AccessEventAction.DELETE,
                programme=programmes[programme] if programme is not None else None,
                purpose=(
                    f"retention:{what.retention_class.code} {kind}={n}"
                    f" before={what.cutoff:%Y-%m-%d}"
                ),
            )


def _order(key: tuple[int | None, str]) -> tuple[int, str]:
    programme, kind = key
    return (programme or 0, kind)
