"""Revolving-door cases (elastiek-casussen): persons who keep coming back.

Three rules per programme (``FollowUpSettings``; defaults in brackets), each computed in SQL
over the programme's own incidents — never another programme's:

- ``frequent``: at least N incidents [3] in the last D days [90];
- ``returned``: a new incident within D days [30] after one of their trajectories closed;
- ``no_trajectory``: at least N incidents [5] in the last 12 months while no trajectory of
  theirs in the programme was open at any moment of those 12 months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.followup.models import FollowUpSettings, Trajectory, TrajectoryStatus
from grip.intake.models import Incident
from grip.network.models import Programme

YEAR = dt.timedelta(days=365)


@dataclass(frozen=True)
class Rule:
    code: str
    label: Any


RULES = {
    "frequent": Rule("frequent", _("vaak gemeld")),
    "returned": Rule("returned", _("terug na afsluiten")),
    "no_trajectory": Rule("no_trajectory", _("veel meldingen, geen traject")),
}


@dataclass
class RevolvingPerson:
    person_id: int
    display_key: str
    recent: int  # incidents in the rule's window (default 90 days)
    year: int  # incidents in the last 12 months
    last_incident_at: dt.datetime
    rules: list[Rule]
    open_trajectory: Trajectory | None = None


def _config(programme: Programme) -> FollowUpSettings:
    found = FollowUpSettings.objects.filter(programme=programme).first()
    return found or FollowUpSettings(programme=programme)


def _returned_after_close(
    programme: Programme, since: dt.datetime, days: int
) -> QuerySet[Incident]:
    """Incidents that came within ``days`` after a trajectory of the same person closed."""
    closed = Trajectory.objects.filter(
        programme=programme,
        person=OuterRef("person"),
        closed_at__isnull=False,
        closed_at__lt=OuterRef("reported_at"),
        closed_at__gte=OuterRef("reported_at") - dt.timedelta(days=days),
    )
    return Incident.objects.filter(
        programme=programme, person=OuterRef("person"), reported_at__gte=since
    ).filter(Exists(closed))


def revolving_persons(
    programme: Programme,
    now: dt.datetime | None = None,
    person_ids: list[int] | None = None,
    *,
    attach_trajectories: bool = True,
) -> list[RevolvingPerson]:
    """The programme's revolving-door persons (or only those of ``person_ids``) with their
    counts, in one grouped query plus one for their open trajectories."""
    now = now or timezone.now()
    config = _config(programme)
    year_ago = now - YEAR
    recent_from = now - dt.timedelta(days=config.revolving_days)
    was_followed = Trajectory.objects.filter(
        programme=programme, person=OuterRef("person"), opened_at__lte=now
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=year_ago))
    incidents = Incident.objects.filter(
        programme=programme, person__isnull=False, reported_at__gte=year_ago
    )
    if person_ids is not None:
        incidents = incidents.filter(person__in=person_ids)
    rows = (
        incidents.values("person", "person__display_key")
        .annotate(
            recent=Count("pk", filter=Q(reported_at__gte=recent_from)),
            year=Count("pk"),
            last=Max("reported_at"),
            returned=Exists(
                _returned_after_close(programme, year_ago, config.return_after_close_days)
            ),
            followed=Exists(was_followed),
        )
        .filter(
            Q(recent__gte=config.revolving_incidents)
            | Q(returned=True)
            | Q(year__gte=config.without_trajectory_incidents, followed=False)
        )
    )
    found = []
    for row in rows:
        rules = []
        if row["recent"] >= config.revolving_incidents:
            rules.append(RULES["frequent"])
        if row["returned"]:
            rules.append(RULES["returned"])
        if row["year"] >= config.without_trajectory_incidents and not row["followed"]:
            rules.append(RULES["no_trajectory"])
        found.append(
            RevolvingPerson(
                person_id=row["person"],
                display_key=row["person__display_key"],
                recent=row["recent"],
                year=row["year"],
                last_incident_at=row["last"],
                rules=rules,
            )
        )
    if attach_trajectories:
        _attach_open_trajectories(programme, found)
    return found


def _attach_open_trajectories(programme: Programme, persons: list[RevolvingPerson]) -> None:
    by_person = {p.person_id: p for p in persons}
    trajectories = Trajectory.objects.filter(
        programme=programme, status=TrajectoryStatus.OPEN, person__in=list(by_person)
    ).select_related("case_organisation", "case_holder", "process_organisation")
    for trajectory in trajectories:
        assert trajectory.person_id is not None
        by_person[trajectory.person_id].open_trajectory = trajectory


def rules_for_person(
    programme: Programme, person_id: int, now: dt.datetime | None = None
) -> list[Rule]:
    """The revolving-door rules one person meets in a programme (for the timeline)."""
    found = revolving_persons(programme, now, person_ids=[person_id])
    return found[0].rules if found else []
