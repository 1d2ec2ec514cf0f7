"""The logs past retention: the access log (append-only, NEN 7513) and the sent-digest log.

Access-log rows are deleted only here, through ``append_only.delete_expired_rows``; the row
that records the deletion is written after it, so it is never its own victim. The digest log
(``followup.NotificationLog``) only makes ``notify`` idempotent within a day and names no
person; it is kept briefly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import QuerySet

from grip.access.models import AccessEvent, BreakGlass
from grip.followup.models import NotificationLog
from grip.retention.append_only import delete_expired_rows
from grip.retention.classes import ACCESS_LOG, NOTIFICATION_LOG
from grip.retention.plan import Found


class AccessLogPurger:
    retention_class = ACCESS_LOG

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        found = Found(ACCESS_LOG, ACCESS_LOG.cutoff(now))
        found.add(
            None, "access_events_deleted", AccessEvent.objects.filter(at__lt=found.cutoff).count()
        )
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        delete_expired_rows(AccessEvent.objects.filter(at__lt=found.cutoff))


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
