"""Worklists and the signals that show a case slipping before it slips.

Every signal is computed in SQL as an annotation on the trajectory queryset, so the
coordinator's overview costs the same few queries for ten or ten thousand trajectories.
Thresholds come from each programme's ``FollowUpSettings``; cut-off moments that depend on
them are computed per programme in Python and passed in as a CASE over programme ids (there
are only a handful of programmes, and date arithmetic differs between SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.followup.models import (
    BRINGING_IN,
    Contact,
    FollowUpSettings,
    Handover,
    HandoverStatus,
    Task,
    Trajectory,
    TrajectoryStatus,
)
from grip.intake.models import Incident
from grip.workdays import working_days_before

DEFAULTS = FollowUpSettings()  # unsaved: the model's defaults, for programmes without settings


@dataclass(frozen=True)
class Signal:
    code: str
    label: Any
    anchor: str  # where on the trajectory page it is resolved


SIGNALS = (
    Signal("no_case_direction", _("geen casusregie"), "regie"),
    Signal("no_process_direction", _("procesregie ontbreekt"), "regie"),
    Signal("handover_waiting", _("overdracht niet geaccepteerd"), "overdracht"),
    Signal("no_recent_contact", _("te lang geen contact"), "contact"),
    Signal("task_overdue", _("taak over tijd"), "taken"),
    Signal("new_incident", _("nieuwe melding"), "meldingen"),
    Signal("revolving_door", _("draaideur"), "meldingen"),
)


def _per_programme(
    programme_ids: list[int], cutoff: dict[int, dt.datetime], default: dt.datetime
) -> Case:
    return Case(
        *[When(programme_id=pid, then=Value(cutoff[pid])) for pid in programme_ids],
        default=Value(default),
        output_field=DateTimeField(),
    )


def with_signals(
    trajectories: QuerySet[Trajectory], now: dt.datetime | None = None
) -> QuerySet[Trajectory]:
    """Annotate each trajectory with one boolean per signal (``signal_<code>``)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    programme_ids = sorted(set(trajectories.values_list("programme_id", flat=True)))
    configs = {
        s.programme_id: s for s in FollowUpSettings.objects.filter(programme__in=programme_ids)
    }

    def config(pid: int) -> FollowUpSettings:
        return configs.get(pid, DEFAULTS)

    def start_of(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    contact_cutoff = {
        pid: now - dt.timedelta(days=config(pid).no_contact_days) for pid in programme_ids
    }
    handover_cutoff = {
        pid: start_of(working_days_before(today, config(pid).handover_working_days))
        for pid in programme_ids
    }
    threshold = Case(
        *[
            When(programme_id=pid, then=Value(config(pid).process_direction_from_level))
            for pid in programme_ids
        ],
        default=Value(DEFAULTS.process_direction_from_level),
    )
    last_contact = Subquery(
        Contact.objects.filter(trajectory=OuterRef("pk")).order_by("-at").values("at")[:1]
    )
    return trajectories.annotate(
        contact_or_opened=Coalesce(last_contact, F("opened_at")),
        handover_cutoff=_per_programme(
            programme_ids, handover_cutoff, start_of(working_days_before(today, 2))
        ),
    ).annotate(
        last_contact_at=last_contact,
        signal_no_case_direction=ExpressionWrapper(
            Q(case_organisation__isnull=True), output_field=BooleanField()
        ),
        signal_no_process_direction=ExpressionWrapper(
            Q(ave_level__gte=threshold, process_organisation__isnull=True),
            output_field=BooleanField(),
        ),
        signal_handover_waiting=Exists(
            Handover.objects.filter(
                trajectory=OuterRef("pk"),
                status=HandoverStatus.PENDING,
                requested_at__lt=OuterRef("handover_cutoff"),
            )
        ),
        signal_no_recent_contact=ExpressionWrapper(
            Q(
                contact_or_opened__lt=_per_programme(
                    programme_ids, contact_cutoff, now - dt.timedelta(days=14)
                )
            ),
            output_field=BooleanField(),
        ),
        signal_task_overdue=Exists(
            Task.objects.filter(trajectory=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        ),
        signal_new_incident=Exists(
            # Only the trajectory's own programme: a flag must not tell about reports
            # another programme holds.
            Incident.objects.filter(
                person=OuterRef("person"),
                programme=OuterRef("programme"),
                reported_at__gt=OuterRef("opened_at"),
            ).exclude(pk=OuterRef("incident_id"))
        ),
    )


def mark_revolving_doors(trajectories: list[Trajectory], now: dt.datetime | None = None) -> None:
    """Set ``signal_revolving_door`` on trajectories whose person meets a revolving-door rule
    in the trajectory's programme: one grouped query per programme in the list."""
    from grip.followup.revolving import revolving_persons

    by_programme: dict[int, list[Trajectory]] = {}
    for trajectory in trajectories:
        if trajectory.person_id is not None:
            by_programme.setdefault(trajectory.programme_id, []).append(trajectory)
    for rows in by_programme.values():
        persons = [t.person_id for t in rows if t.person_id is not None]
        found = {
            p.person_id
            for p in revolving_persons(rows[0].programme, now, persons, attach_trajectories=False)
        }
        for trajectory in rows:
            trajectory.signal_revolving_door = trajectory.person_id in found  # type: ignore[attr-defined]


def signals_of(trajectory: Trajectory) -> list[Signal]:
    """The signals set on a trajectory annotated by ``with_signals``."""
    return [signal for signal in SIGNALS if getattr(trajectory, f"signal_{signal.code}", False)]


def open_in_programmes(user: Any) -> QuerySet[Trajectory]:
    return Trajectory.objects.visible_to(user).filter(status=TrajectoryStatus.OPEN).for_list()


def my_trajectories(user: Any, organisations: frozenset[int]) -> QuerySet[Trajectory]:
    """Open trajectories where the user holds direction, where their organisation holds it
    without a named person yet (for the team to pick up), where a hand-over waits for
    their organisation, or that the user brought in (opened, or joined signals to): nobody
    loses sight of work they opened."""
    mine = sorted(organisations)
    return (
        open_in_programmes(user)
        .filter(
            Q(case_holder_id=user.pk)
            | Q(process_holder_id=user.pk)
            | Q(case_organisation__in=mine, case_holder__isnull=True)
            | Q(process_organisation__in=mine, process_holder__isnull=True)
            | Q(handovers__status=HandoverStatus.PENDING, handovers__to_organisation__in=mine)
            | Q(events__kind__in=BRINGING_IN, events__by_id=user.pk)
        )
        .distinct()
    )


def my_open_tasks(user: Any) -> QuerySet[Task]:
    """The user's open tasks in trajectories they can see, overdue (earliest due) first."""
    visible = Trajectory.objects.visible_to(user).values("pk")
    return (
        Task.objects.filter(owner_id=user.pk, done_at__isnull=True, trajectory__in=visible)
        .select_related("trajectory__person", "trajectory__programme")
        .order_by("due_on", "id")
    )
