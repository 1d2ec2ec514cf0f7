"""Recurrence figures: how often the same persons come back, computed in SQL.

``persons`` follows DOMAIN.md's indicator (over responses in a period): distinct persons,
repeat persons (≥ 2 responses in the period) and the responses of repeat persons; responses
without a known person are counted as ``unknown``, never dropped. ``distribution`` counts
persons by their number of incidents (1, 2–9, 10+), as the national analyses do.

The case data live in apps above this one (intake, triage); they are reached through the
reverse relations of ``Person`` (``incidents``, ``incidents__response``) so that this module
imports none of them. Every figure is one aggregate query; grouping per person happens in a
subquery the database evaluates, never in Python.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from grip.network.models import Area, Programme
from grip.people.models import Person


@dataclass(frozen=True)
class Scope:
    """A programme (or all, for national figures), a period of local dates, optional areas."""

    programme: Programme | None
    date_from: dt.date
    date_to: dt.date
    areas: tuple[Area, ...] = ()

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.date_from, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    def incident_filter(self, prefix: str) -> Q:
        start, end = self.bounds()
        condition = Q(**{f"{prefix}reported_at__gte": start, f"{prefix}reported_at__lt": end})
        if self.programme is not None:
            condition &= Q(**{f"{prefix}programme": self.programme})
        if self.areas:
            condition &= Q(**{f"{prefix}area__in": list(self.areas)})
        return condition


@dataclass(frozen=True)
class PersonsFigure:
    distinct: int
    repeat_persons: int
    responses_of_repeat_persons: int
    unknown: int  # responses without a known person


@dataclass(frozen=True)
class Distribution:
    once: int
    two_to_nine: int
    ten_or_more: int


def _per_person(scope: Scope, through: str) -> QuerySet[Any, Any]:
    """Persons with ``n`` = their count of ``through`` rows in scope (only those with n ≥ 1)."""
    prefix = "incidents__"
    condition = scope.incident_filter(prefix)
    if through == "responses":
        condition &= Q(incidents__response__isnull=False)
    return (
        Person.objects.filter(condition)
        .values("pk")
        .annotate(n=Count("incidents", filter=condition))
        .filter(n__gte=1)
    )


def persons_figure(scope: Scope) -> PersonsFigure:
    totals = _per_person(scope, "responses").aggregate(
        distinct=Count("pk"),
        repeat_persons=Count("pk", filter=Q(n__gte=2)),
        responses_of_repeat_persons=Sum("n", filter=Q(n__gte=2)),
    )
    unknown = _responses_without_person(scope)
    return PersonsFigure(
        distinct=totals["distinct"] or 0,
        repeat_persons=totals["repeat_persons"] or 0,
        responses_of_repeat_persons=totals["responses_of_repeat_persons"] or 0,
        unknown=unknown,
    )


def _responses_without_person(scope: Scope) -> int:
    # Every incident belongs to a programme, so counting from the programme side covers the
    # national scope too (reverse relations: Programme → incidents → response).
    # The condition goes in WHERE (filter before aggregate reuses the join), not in the
    # aggregate's FILTER: only then can the database use the incidents' (programme, time)
    # index instead of joining every incident of every programme first.
    condition = scope.incident_filter("incidents__") & Q(incidents__person__isnull=True)
    totals = Programme.objects.filter(condition).aggregate(n=Count("incidents__response"))
    return int(totals["n"] or 0)


def distribution(scope: Scope) -> Distribution:
    """Persons by number of incidents in scope: once, 2–9 times, 10 or more."""
    totals = _per_person(scope, "incidents").aggregate(
        once=Count("pk", filter=Q(n=1)),
        two_to_nine=Count("pk", filter=Q(n__gte=2, n__lte=9)),
        ten_or_more=Count("pk", filter=Q(n__gte=10)),
    )
    return Distribution(
        once=totals["once"] or 0,
        two_to_nine=totals["two_to_nine"] or 0,
        ten_or_more=totals["ten_or_more"] or 0,
    )
