"""Trajectories past retention: the row stays for the figures, everything about the person goes.

The follow-up figures (``monitor.indicators.follow_up``) count trajectories per response: that
one exists, whether it has a *casusregie* organisation, whether it is closed, and the time to
the first care contact (kept on the trajectory itself). Those fields stay, as do the
organisations and holders (data about the partners' work, not about the person). What goes:
the link to the person, the closure's free text, and the append-only history (events), the
hand-overs, the contacts and the tasks, the plan of approach (every version), the case
conferences' agenda items and decisions about it and its breakthroughs, which are the case
file itself.

Only closed trajectories expire; the period runs from their closure.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.casework.models import AgendaItem, Breakthrough, Plan
from grip.followup.models import (
    Contact,
    Handover,
    Task,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStatus,
)
from grip.network.models import Programme
from grip.retention.append_only import delete_expired_rows
from grip.retention.classes import TRAJECTORY
from grip.retention.models import PurgedTrajectory
from grip.retention.plan import Found, chunks

# (kind code, model): the case file, deleted with an expired trajectory. Casework's rows in
# this order: a plan (with its versions, goals and agreements) before the agenda items whose
# decisions its versions name, and an agenda item takes its decisions along.
CASE_FILE = (
    ("handovers_deleted", Handover),
    ("contacts_deleted", Contact),
    ("tasks_deleted", Task),
    ("plans_deleted", Plan),
    ("conference_items_deleted", AgendaItem),
    ("breakthroughs_deleted", Breakthrough),
)


def expired_trajectories(cutoff: dt.datetime) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(
        status=TrajectoryStatus.CLOSED, closed_at__lt=cutoff, retention_purge__isnull=True
    )


class TrajectoryPurger:
    retention_class = TRAJECTORY

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        cutoff = TRAJECTORY.cutoff(now)
        found = Found(TRAJECTORY, cutoff)
        expired = expired_trajectories(cutoff)
        rows = list(expired.values_list("pk", "programme_id", "person_id"))
        found.work = [pk for pk, _programme, _person in rows]
        for _pk, programme, _person in rows:
            found.add(programme, "trajectories_anonymised")
        for kind, model in (("trajectory_events_deleted", TrajectoryEvent), *CASE_FILE):
            for batch in chunks(found.work):
                counted = (
                    model.objects.filter(trajectory_id__in=batch)
                    .values("trajectory__programme_id")
                    .annotate(n=Count("pk"))
                    .order_by()
                )
                for row in counted:
                    found.add(row["trajectory__programme_id"], kind, row["n"])
        found.unlinks[(Trajectory, "person")] = {
            pk for pk, _programme, person in rows if person is not None
        }
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        ids: list[int] = found.work
        logged: set[tuple[int, str]] = set()
        for batch in chunks(ids):
            logged.update(
                Trajectory.objects.filter(pk__in=batch, person__isnull=False).values_list(
                    "programme_id", "person__display_key"
                )
            )
        for batch in chunks(ids):
            delete_expired_rows(TrajectoryEvent.objects.filter(trajectory_id__in=batch))
            for _kind, model in CASE_FILE:
                model.objects.filter(trajectory_id__in=batch).delete()
            Trajectory.objects.filter(pk__in=batch).update(person=None, closure_text="")
        PurgedTrajectory.objects.bulk_create(
            [PurgedTrajectory(trajectory_id=pk, purged_at=now) for pk in ids]
        )
        programmes = Programme.objects.in_bulk(sorted({programme for programme, _ in logged}))
        for programme_id, key in sorted(logged):
            record(
                None,
                AccessEventAction.DELETE,
                programme=programmes[programme_id],
                person_key=key,
                purpose="retention:trajectory person_unlinked",
            )
