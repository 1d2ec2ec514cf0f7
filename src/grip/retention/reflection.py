"""Reflection sessions past retention: the themes stay for the figures, the cases lose who.

The factsheet's reflection top threes (``grip.learning.topthrees``) count, per theme, the
sessions held in a period in which an outcome or a turning point carries the theme. Those stay:
the session (programme, date), its outcomes' kind and theme, its turning points with their
date, effect, for-whom flags and themes, and the facilitator's theme wordings per period (no
person data). What goes, once the session date lies more than the period back:

- a session case's links to the person, the trajectory and the response (the trajectory and
  response are anonymised by their own classes, but an open trajectory or a held situation
  would still lead back to the person) and its reason text; the case is marked ``purged_at``;
- the turning points' "what happened" text and the outcomes' explanation (free text written
  about the case);
- the agreed actions with their reviews (the follow-up of the partners' work, not a figure).

The session is marked ``purged_at`` and is read-only from then on (``ensure_open``), and the
records whose text goes get a new version, so that no correction brings anything back.

The period runs from the session date (``held_on``): a session discusses what happened before
it, so nothing in it is younger than the session itself. A session counts as held at the start
of its day (Europe/Amsterdam).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.learning.models import (
    ActionReview,
    AgreedAction,
    ReflectionSession,
    SessionCase,
    SessionOutcome,
    TurningPoint,
)
from grip.network.models import Programme
from grip.retention.classes import REFLECTION
from grip.retention.plan import Found, chunks

LOCAL = ZoneInfo("Europe/Amsterdam")


def last_expired_day(cutoff: dt.datetime) -> dt.date:
    """The latest session date whose start (midnight, local time) lies before ``cutoff``."""
    local = cutoff.astimezone(LOCAL)
    day = local.date()
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=LOCAL)
    return day if midnight < cutoff else day - dt.timedelta(days=1)


def expired_sessions(cutoff: dt.datetime) -> QuerySet[ReflectionSession]:
    return ReflectionSession.objects.filter(held_on__lte=last_expired_day(cutoff))


class ReflectionPurger:
    retention_class = REFLECTION

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        cutoff = REFLECTION.cutoff(now)
        found = Found(REFLECTION, cutoff)
        sessions = list(expired_sessions(cutoff).values_list("pk", flat=True))
        # Every expired session is made read-only once, also one with nothing else to purge.
        still_open = expired_sessions(cutoff).filter(purged_at__isnull=True)
        for programme in still_open.values_list("programme_id", flat=True):
            found.add(programme, "reflection_sessions_closed")
        cases = list(
            SessionCase.objects.filter(session__in=sessions, purged_at__isnull=True).values_list(
                "pk", "session__programme_id", "person_id"
            )
        )
        case_ids = [pk for pk, _programme, _person in cases]
        for _pk, programme, _person in cases:
            found.add(programme, "session_cases_anonymised")
        counted: list[tuple[str, QuerySet, str]] = []
        for batch in chunks(case_ids):
            counted.append(
                (
                    "turning_points_anonymised",
                    TurningPoint.objects.filter(case__in=batch).exclude(what_happened=""),
                    "case__session__programme_id",
                )
            )
        for batch in chunks(sessions):
            counted += [
                (
                    "session_outcomes_anonymised",
                    SessionOutcome.objects.filter(session__in=batch).exclude(text=""),
                    "session__programme_id",
                ),
                (
                    "agreed_actions_deleted",
                    AgreedAction.objects.filter(session__in=batch),
                    "session__programme_id",
                ),
                (
                    "action_reviews_deleted",
                    ActionReview.objects.filter(
                        Q(action__session__in=batch) | Q(session__in=batch)
                    ).distinct(),
                    "session__programme_id",
                ),
            ]
        for kind, queryset, programme_path in counted:
            rows = queryset.values(programme_path).annotate(n=Count("pk", distinct=True)).order_by()
            for row in rows:
                found.add(row[programme_path], kind, row["n"])
        found.work = (sessions, case_ids)
        found.unlinks[(SessionCase, "person")] = {
            pk for pk, _programme, person in cases if person is not None
        }
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        sessions, _found_cases = found.work
        # The sessions are marked read-only first. On PostgreSQL the mark locks their rows: a
        # learning write still running (``ReflectionSession.lock_open``) finishes before it,
        # and one that starts later sees the mark and is refused. The cases are read again
        # after the mark, so a case added just before it is emptied too (``find`` may have
        # missed it; its counts are what the log reports).
        for batch in chunks(sessions):
            ReflectionSession.objects.filter(pk__in=batch, purged_at__isnull=True).update(
                purged_at=now
            )
        case_ids = [
            pk
            for batch in chunks(sessions)
            for pk in SessionCase.objects.filter(
                session__in=batch, purged_at__isnull=True
            ).values_list("pk", flat=True)
        ]
        logged: set[tuple[int, str]] = set()
        for batch in chunks(case_ids):
            logged.update(
                SessionCase.objects.filter(pk__in=batch, person__isnull=False).values_list(
                    "session__programme_id", "person__display_key"
                )
            )
        # Versions move on with the text (ADR 0005): an edit page opened before the purge gets a
        # conflict, and can no longer write the text back.
        for batch in chunks(case_ids):
            TurningPoint.objects.filter(case__in=batch).update(
                what_happened="", version=F("version") + 1
            )
            SessionCase.objects.filter(pk__in=batch).update(
                person=None, trajectory=None, response=None, reason="", purged_at=now
            )
        for batch in chunks(sessions):
            SessionOutcome.objects.filter(session__in=batch).exclude(text="").update(
                text="", version=F("version") + 1
            )
            reviews = Q(action__session__in=batch) | Q(session__in=batch)
            ActionReview.objects.filter(reviews).delete()
            AgreedAction.objects.filter(session__in=batch).delete()
        programmes = Programme.objects.in_bulk(sorted({programme for programme, _ in logged}))
        for programme_id, key in sorted(logged):
            record(
                None,
                AccessEventAction.DELETE,
                programme=programmes[programme_id],
                person_key=key,
                purpose="retention:reflection person_unlinked",
            )
