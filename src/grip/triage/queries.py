"""Reads of responses, always through the scoped queryset."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.intake.models import Incident
from grip.intake.queries import narrow_to_programme_period
from grip.triage.models import Response

AWAITING_DAYS = 14


def responses_for_list(user: Any, filters: dict[str, Any]) -> QuerySet[Response]:
    responses = narrow_to_programme_period(
        Response.objects.visible_to(user).for_list(), filters, incident_path="incident__"
    )
    if filters.get("ave"):
        responses = responses.filter(ave_on_arrival=filters["ave"])
    if filters.get("outcome"):
        responses = responses.filter(outcome=filters["outcome"])
    return responses


def incidents_awaiting_response(user: Any, limit: int = 10) -> QuerySet[Incident]:
    """Recent incidents without a response, in programmes where the user may register one."""
    programme_ids = grants_for(user).programmes(DataClass.CARE, Action.CREATE)
    since = timezone.now() - dt.timedelta(days=AWAITING_DAYS)
    return (
        Incident.objects.visible_to(user)
        .for_list()
        .filter(programme__in=sorted(programme_ids), response__isnull=True, reported_at__gte=since)[
            :limit
        ]
    )


def can_see_notes(user: Any, response: Response) -> bool:
    return grants_for(user).can(DataClass.CARE, Action.VIEW, response.incident.programme_id)
