"""The access log's hash chain (ADR 0053): every row is linked to the one before it.

Each row gets the next place in the chain (``chain_seq``) and
``chain_hash = HMAC-SHA256(GRIP_AUDIT_KEY, previous hash + the row's values + the persons it
showed)``. Whoever changes, removes or moves a row breaks every link after it, and cannot mend
them without the audit key, which the database does not hold: ``verify_access_log`` finds the
first broken link.

Writers take the chain head one at a time, for the rest of their transaction: on PostgreSQL an
advisory lock, taken and followed by the read of the head in one round trip (the function
``grip_access_chain_head`` of migration 0005; its second statement sees what the previous
holder committed); on SQLite the write lock every transaction takes when it begins
(``transaction_mode`` IMMEDIATE). A batch of rows (an import batch, a page of cases) costs one
head read, not one per row. The import's rows go through ``append_rows`` (``grip.bulk.insert``,
a binary ``COPY`` on PostgreSQL); everything else through ``append``.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventPerson, AccessLogTombstone
from grip.bulk import among, insert

GENESIS = "0" * 64  # the "previous hash" of the first row ever written
# The values a row's hash covers, as attnames, in this order (after its place and time).
CHAINED_FIELDS = (
    "user_id",
    "responsible_user_id",
    "organisation",
    "role",
    "action",
    "programme",
    "object_type",
    "object_id",
    "person_key",
    "purpose",
    "outcome",
    "break_glass",
)
# What a row built from a dictionary (the import's) holds when the dictionary leaves it out.
ROW_DEFAULTS: dict[str, Any] = {
    "user_id": None,
    "responsible_user_id": None,
    "organisation": "",
    "role": "",
    "programme": "",
    "object_type": "",
    "object_id": "",
    "person_key": "",
    "purpose": "",
    "outcome": "allowed",
    "break_glass": False,
}
VERIFY_CHUNK = 5000


def _key() -> bytes:
    return bytes(settings.GRIP_AUDIT_KEY)


def _moment(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def link(key: bytes, previous: str, seq: int, at: dt.datetime, values: Sequence[Any],
         persons: Sequence[str]) -> str:  # fmt: skip
    """The hash of one row: its place, time, values and (sorted) persons, after ``previous``."""
    return _Linker(key).link(previous, seq, _moment(at), values, persons)


class _Linker:
    """``link`` for many rows: the key is set up once (an HMAC copied per row costs a tenth of
    one keyed anew), and a batch's shared time is formatted once."""

    def __init__(self, key: bytes) -> None:
        self._keyed = hmac.new(key, digestmod="sha256")

    def link(self, previous: str, seq: int, moment: str, values: Sequence[Any],
             persons: Sequence[str]) -> str:  # fmt: skip
        mac = self._keyed.copy()
        mac.update(previous.encode())
        mac.update(orjson.dumps([seq, moment, *values, sorted(persons)]))
        return mac.hexdigest()


# SQLite: the newest place, a row's or one the purge removed (its tombstone's), in one statement
# (named as PostgreSQL's function, so that one can tell a head read in a query log).
SQLITE_HEAD = """
SELECT seq, hash FROM (
    SELECT * FROM (SELECT chain_seq AS seq, chain_hash AS hash FROM access_accessevent
                   WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1)
    UNION ALL
    SELECT * FROM (SELECT last_seq, last_hash FROM access_accesslogtombstone
                   ORDER BY last_seq DESC LIMIT 1)
) AS grip_access_chain_head ORDER BY seq DESC LIMIT 1
"""


def head() -> tuple[int, str]:
    """The last place and hash of the chain; the caller holds the chain from here to the end of
    its transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT seq, hash FROM grip_access_chain_head()")
        else:
            cursor.execute(SQLITE_HEAD)
        found = cursor.fetchone()
    seq, hash_ = found if found is not None else (None, None)
    return (seq or 0, hash_ or GENESIS)


def append(
    events: list[AccessEvent], persons: Sequence[Sequence[str]] | None = None
) -> list[AccessEvent]:
    """Write ``events`` (and for each, the keys in ``persons`` at the same index) as the next
    links of the chain; one INSERT for the events, one for the persons shown."""
    if not events:
        return events
    linker = _Linker(_key())
    with transaction.atomic(savepoint=False):
        seq, previous = head()
        now = timezone.now()
        moment = _moment(now)
        shown_rows: list[tuple[int, str]] = []
        shown_lists = [sorted(set(keys)) for keys in persons] if persons else None
        for index, event in enumerate(events):
            seq += 1
            shown = shown_lists[index] if shown_lists else []
            event.at, event.chain_seq = now, seq
            values = [getattr(event, name) for name in CHAINED_FIELDS]
            previous = event.chain_hash = linker.link(previous, seq, moment, values, shown)
        # the plain insert: the model's own ``bulk_create`` comes here
        models.QuerySet.bulk_create(AccessEvent.objects.all(), events)
        if shown_lists:
            for event, shown in zip(events, shown_lists, strict=True):
                shown_rows.extend((event.pk, person_key) for person_key in shown)
            insert(AccessEventPerson, shown_rows, columns=("event_id", "person_key"))
    return events


def append_rows(rows: list[dict[str, Any]]) -> None:
    """The import's rows (attname -> value) as the next links, in one ``grip.bulk.insert``."""
    if not rows:
        return
    linker = _Linker(_key())
    columns = (*CHAINED_FIELDS, "at", "chain_seq", "chain_hash")
    pick = [(name, ROW_DEFAULTS.get(name)) for name in CHAINED_FIELDS]
    with transaction.atomic(savepoint=False):
        seq, previous = head()
        now = timezone.now()
        moment = _moment(now)
        complete = []
        for given in rows:
            values = [given.get(name, default) for name, default in pick]
            seq += 1
            previous = linker.link(previous, seq, moment, values, ())
            complete.append((*values, now, seq, previous))
        insert(AccessEvent, complete, columns=columns)


# --- Tombstones ---------------------------------------------------------------------------------


def tombstone_signature(stone: AccessLogTombstone) -> str:
    message = orjson.dumps(
        [
            _moment(stone.purged_at),
            _moment(stone.cutoff),
            stone.first_seq,
            stone.last_seq,
            stone.last_hash,
            stone.ranges,
            stone.rows,
            stone.persons,
        ]
    )
    return hmac.digest(_key(), b"tombstone" + message, "sha256").hex()


# --- Verification -------------------------------------------------------------------------------


@dataclass
class Verdict:
    ok: bool
    rows: int  # rows checked
    seq: int  # the last place checked (the head)
    hash: str
    problem: str = ""


def _broken(rows: int, seq: int, hash_: str, problem: str) -> Verdict:
    return Verdict(False, rows, seq, hash_, problem)


def _removed() -> tuple[dict[int, tuple[int, str]], str]:
    """The places the purge removed, by first place: (last place, hash of the last); and the
    first tombstone that is not what the audit key signed, if any."""
    removed: dict[int, tuple[int, str]] = {}
    for stone in AccessLogTombstone.objects.order_by("last_seq"):
        if not hmac.compare_digest(tombstone_signature(stone), stone.signature):
            return removed, f"tombstone {stone.pk}: bad signature"
        for first, last, hash_ in stone.ranges:
            removed[int(first)] = (int(last), str(hash_))
    return removed, ""


def verify(anchor: tuple[int, str] | None = None) -> Verdict:
    """Walk the chain, past the places the purge removed; the first broken link, or the head
    when none is.

    ``anchor`` is a (place, hash) written down elsewhere earlier (``verify_access_log`` prints
    the head): a log cut short after it, or rewritten up to it, is found too."""
    linker = _Linker(_key())
    expected, previous, checked = 1, GENESIS, 0
    removed, problem = _removed()
    if problem:
        return _broken(0, 0, GENESIS, problem)

    def skip_removed() -> None:
        nonlocal expected, previous
        while expected in removed:
            last, previous = removed.pop(expected)
            expected = last + 1

    outside = AccessEvent.objects.filter(chain_seq__isnull=True).values_list("pk", flat=True)
    stray = outside.order_by("pk").first()
    if stray is not None:
        return _broken(0, 0, GENESIS, f"row id {stray} is outside the chain")
    anchored = False
    for pk, seq, at, values, stored, shown in _rows():
        skip_removed()
        if seq != expected:
            return _broken(
                checked,
                expected - 1,
                previous,
                f"row at place {expected} missing (found place {seq}, id {pk})",
            )
        computed = linker.link(previous, seq, _moment(at), values, shown)
        if not hmac.compare_digest(computed, stored):
            return _broken(
                checked,
                expected - 1,
                previous,
                f"row at place {seq} (id {pk}) altered, moved or its persons changed",
            )
        if anchor is not None and seq == anchor[0]:
            if stored != anchor[1]:
                return _broken(checked, seq, stored, f"row at place {seq} differs from the anchor")
            anchored = True
        previous, expected, checked = stored, seq + 1, checked + 1
    skip_removed()
    if removed:
        place = min(removed)
        return _broken(
            checked,
            expected - 1,
            previous,
            f"a tombstone names places from {place}, not reached by the chain",
        )
    if anchor is not None and not anchored and anchor[0] >= expected:
        return _broken(
            checked,
            expected - 1,
            previous,
            f"the log ends at place {expected - 1}, before the anchor {anchor[0]}",
        )
    orphan = (
        AccessEventPerson.objects.exclude(event_id__in=AccessEvent.objects.values("pk"))
        .values_list("event_id", flat=True)
        .first()
    )
    if orphan is not None:
        return _broken(
            checked,
            expected - 1,
            previous,
            f"persons shown by event id {orphan}, which is not in the log",
        )
    return Verdict(True, checked, expected - 1, previous)


def _rows() -> Iterator[tuple[int, int, dt.datetime, list[Any], str, list[str]]]:
    """The chained rows in chain order, with the persons each showed, a chunk at a time."""
    after = -1
    names = ("pk", "chain_seq", "at", *CHAINED_FIELDS, "chain_hash")
    while True:
        chunk = list(
            AccessEvent.objects.filter(chain_seq__gt=after)
            .order_by("chain_seq")
            .values_list(*names)[:VERIFY_CHUNK]
        )
        if not chunk:
            return
        ids = [row[0] for row in chunk]
        shown: dict[int, list[str]] = {}
        for event_id, person_key in AccessEventPerson.objects.filter(
            among(AccessEventPerson, "event_id", ids)
        ).values_list("event_id", "person_key"):
            shown.setdefault(event_id, []).append(person_key)
        for row in chunk:
            yield row[0], row[1], row[2], list(row[3:-1]), row[-1], shown.get(row[0], [])
        after = chunk[-1][1]
