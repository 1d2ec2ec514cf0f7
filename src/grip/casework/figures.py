"""Casework figures that the factsheet can show (monitor calls this; casework knows nothing of
the monitor). Counts only, no persons."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import models

from grip.casework.models import Breakthrough

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMSTERDAM)


def breakthrough_counts(programme_id: int, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Breakthroughs raised in the programme whose local raising date lies in
    ``date_from``..``date_to`` (inclusive): ``raised``, of those ``answered`` (by now) and
    ``open``. For the factsheet JSON key ``breakthroughs``."""
    raised = Breakthrough.objects.filter(
        trajectory__programme=programme_id,
        raised_at__gte=_start(date_from),
        raised_at__lt=_start(date_to + dt.timedelta(days=1)),
    )
    counts = raised.aggregate(
        raised=models.Count("pk"),
        answered=models.Count("pk", filter=models.Q(answered_at__isnull=False)),
    )
    total, answered = counts["raised"] or 0, counts["answered"] or 0
    return {"raised": total, "answered": answered, "open": total - answered}
