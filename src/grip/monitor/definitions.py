"""The per-response parts of the v1 definitions (``docs/indicators.md``), as ORM expressions
over a response: when a measure counts as measured, and its value in whole minutes.

Shared by the live figures of ``monitor.indicators`` and the facts of ``monitor.refresh``,
so both count by the same text.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from grip.monitor.sql import WholeMinutes


def police_measured() -> Q:
    """Officers, care's arrival and a departure (the police's own, else care's) known."""
    return Q(police_officers__isnull=False, arrived_at__isnull=False) & (
        Q(police_departed_at__isnull=False) | Q(departed_at__isnull=False)
    )


def police_minutes() -> Any:
    """Officers × whole minutes from care's arrival until the police left."""
    return F("police_officers") * WholeMinutes(
        Coalesce("police_departed_at", "departed_at"), F("arrived_at")
    )


def on_site_measured() -> Q:
    return Q(arrived_at__isnull=False, departed_at__isnull=False)


def on_site_minutes() -> Any:
    return WholeMinutes(F("departed_at"), F("arrived_at"))


# The response's trajectory, through the reverse one-to-one relation (at most one).
WITH_CARE_CONTACT = Q(trajectory__first_care_contact_at__isnull=False)


def to_care_minutes() -> Any:
    """Whole minutes from the response (care's arrival, else the report) to the first care
    contact of its trajectory."""
    return WholeMinutes(
        F("trajectory__first_care_contact_at"), Coalesce("arrived_at", "incident__reported_at")
    )
