"""Reads of incidents, always through the scoped queryset."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import QuerySet

from grip.intake.models import Incident

M = TypeVar("M", bound=models.Model)


def local_day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the programme's time zone (Europe/Amsterdam)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def narrow_to_programme_period(
    queryset: QuerySet[M], filters: dict[str, Any], incident_path: str = ""
) -> QuerySet[M]:
    """Narrow by the cleaned ``ProgrammePeriodFilterForm`` values. ``incident_path`` leads
    from the queryset's model to its incident (``"incident__"`` for responses)."""
    if filters.get("programme"):
        queryset = queryset.filter(**{f"{incident_path}programme": filters["programme"]})
    if filters.get("date_from"):
        start = local_day_start(filters["date_from"])
        queryset = queryset.filter(**{f"{incident_path}reported_at__gte": start})
    if filters.get("date_to"):
        end = local_day_start(filters["date_to"] + dt.timedelta(days=1))
        queryset = queryset.filter(**{f"{incident_path}reported_at__lt": end})
    if filters.get("area"):
        queryset = queryset.filter(**{f"{incident_path}area": filters["area"]})
    return queryset


def incidents_for_list(user: Any, filters: dict[str, Any]) -> QuerySet[Incident]:
    """Visible incidents, narrowed by the cleaned filter form's values."""
    incidents = narrow_to_programme_period(Incident.objects.visible_to(user).for_list(), filters)
    if filters.get("kind"):
        incidents = incidents.filter(kind=filters["kind"])
    return incidents
