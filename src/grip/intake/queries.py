"""Reads of incidents, always through the scoped queryset."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from grip.intake.models import Incident


def local_day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the programme's time zone (Europe/Amsterdam)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def incidents_for_list(user: Any, filters: dict[str, Any]) -> QuerySet[Incident]:
    """Visible incidents, narrowed by the cleaned filter form's values; dates are local and
    both ends inclusive."""
    incidents = Incident.objects.visible_to(user).for_list()
    if filters.get("programme"):
        incidents = incidents.filter(programme=filters["programme"])
    if filters.get("date_from"):
        incidents = incidents.filter(reported_at__gte=local_day_start(filters["date_from"]))
    if filters.get("date_to"):
        next_day = filters["date_to"] + dt.timedelta(days=1)
        incidents = incidents.filter(reported_at__lt=local_day_start(next_day))
    if filters.get("kind"):
        incidents = incidents.filter(kind=filters["kind"])
    if filters.get("area"):
        incidents = incidents.filter(area=filters["area"])
    return incidents
