"""The logs past retention: the access log (append-only, NEN 7513) and the sent-digest log.

Access-log rows are deleted only here, through ``append_only.delete_expired_rows``; the row
that records the deletion is written after it, so it is never its own victim. The log is a hash
chain (ADR 0053): the purge removes its start only, up to the first row still within its
period (a row a moment past it waits for the next run), with the persons those rows showed,
and leaves a tombstone signed with the audit key that says what went and the hash the first
surviving row links to, so ``verify_access_log`` still proves the rest. The digest log
(``followup.NotificationLog``) only makes ``notify`` idempotent within a day and names no
person; it is kept briefly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet

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
        span = expired.aggregate(first=Min("chain_seq"), last=Max("chain_seq"), rows=Count("pk"))
        if not span["rows"]:
            return
        last_hash = expired.get(chain_seq=span["last"]).chain_hash
        persons = delete_expired_rows(
            AccessEventPerson.objects.filter(event_id__in=expired.values("pk"))
        )
        delete_expired_rows(expired)
        stone = AccessLogTombstone(
            purged_at=now,
            cutoff=found.cutoff,
            first_seq=span["first"],
            last_seq=span["last"],
            rows=span["rows"],
            persons=persons,
            last_hash=last_hash,
        )
        stone.signature = tombstone_signature(stone)
        stone.save()

    @staticmethod
    def _expired(cutoff: dt.datetime) -> QuerySet[AccessEvent]:
        """The start of the chain up to the first row still within its period: times follow
        the chain closely but not exactly (a writer takes the time once it holds the chain),
        and a hole in the middle would break it."""
        kept = AccessEvent.objects.filter(at__gte=cutoff, chain_seq__isnull=False)
        first_kept = kept.aggregate(first=Min("chain_seq"))["first"]
        expired = AccessEvent.objects.filter(at__lt=cutoff, chain_seq__isnull=False)
        if first_kept is not None:
            expired = expired.filter(chain_seq__lt=first_kept)
        return expired


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
