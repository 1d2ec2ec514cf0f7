"""The logs past retention: the access log (append-only, NEN 7513) and the sent-digest log.

Access-log rows are deleted only here, through ``append_only.delete_expired_rows``; the row
that records the deletion is written after it, so it is never its own victim. The log is a hash
chain (ADR 0053): with the expired rows go the persons they showed, and a tombstone signed
with the audit key stays that names the places removed and, per run of places, the hash the
next surviving row links to, so ``verify_access_log`` still proves the rest. The digest log
(``followup.NotificationLog``) only makes ``notify`` idempotent within a day and names no
person; it is kept briefly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from grip.access.chain import tombstone_signature
from grip.access.models import AccessEvent, AccessEventPerson, AccessLogTombstone, BreakGlass
from grip.followup.models import NotificationLog
from grip.retention.append_only import delete_expired_rows
from grip.retention.classes import ACCESS_LOG, NOTIFICATION_LOG
from grip.retention.plan import Found


class AccessLogPurger:
    retention_class = ACCESS_LOG

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        found = Found(ACCESS_LOG, ACCESS_LOG.cutoff(now))
        found.add(None, "access_events_deleted", self._expired(found.cutoff).count())
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        expired = self._expired(found.cutoff)
        ranges = _ranges(expired)
        if not ranges:
            return
        persons = delete_expired_rows(
            AccessEventPerson.objects.filter(event_id__in=expired.values("pk"))
        )
        rows = delete_expired_rows(expired)
        stone = AccessLogTombstone(
            purged_at=now,
            cutoff=found.cutoff,
            first_seq=ranges[0][0],
            last_seq=ranges[-1][1],
            last_hash=ranges[-1][2],
            ranges=ranges,
            rows=rows,
            persons=persons,
        )
        stone.signature = tombstone_signature(stone)
        stone.save()

    @staticmethod
    def _expired(cutoff: dt.datetime) -> QuerySet[AccessEvent]:
        return AccessEvent.objects.filter(at__lt=cutoff, chain_seq__isnull=False)


def _ranges(expired: QuerySet[AccessEvent]) -> list[list[Any]]:
    """The places of ``expired`` as runs ``[first, last, hash of the last]``: one run when
    times follow the chain, a few more where a writer's time fell behind a later one's."""
    ranges: list[list[Any]] = []
    places = expired.order_by("chain_seq").values_list("chain_seq", "chain_hash")
    for seq, hash_ in places.iterator(chunk_size=5000):
        assert seq is not None  # _expired keeps chained rows only
        if ranges and ranges[-1][1] == seq - 1:
            ranges[-1][1:] = [seq, hash_]
        else:
            ranges.append([seq, seq, hash_])
    return ranges


class BreakGlassPurger:
    """Break-the-glass grants are the reasons behind flagged access-log rows: they are kept as
    long as those rows (the access-log class, from the grant's start) and go with them."""

    retention_class = ACCESS_LOG

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        found = Found(ACCESS_LOG, ACCESS_LOG.cutoff(now))
        found.add(None, "break_glass_grants_deleted", self._expired(found.cutoff).count())
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        self._expired(found.cutoff).delete()

    @staticmethod
    def _expired(cutoff: dt.datetime) -> QuerySet[BreakGlass]:
        return BreakGlass.objects.filter(started_at__lt=cutoff)


class NotificationLogPurger:
    retention_class = NOTIFICATION_LOG

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        found = Found(NOTIFICATION_LOG, NOTIFICATION_LOG.cutoff(now))
        found.add(None, "notification_logs_deleted", self._expired(found.cutoff).count())
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        self._expired(found.cutoff).delete()

    @staticmethod
    def _expired(cutoff: dt.datetime) -> QuerySet[NotificationLog]:
        day = cutoff.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
        return NotificationLog.objects.filter(day__lt=day)
