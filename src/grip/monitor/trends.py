"""Monthly series for the dashboard, as grouped aggregate SQL (same on SQLite and PostgreSQL).

Each series is one query grouped by the local (Europe/Amsterdam) year and month of the report,
with the same meaning as the factsheet's figure for a month-long period: ``repeat_persons`` in
a month are persons with two or more responses in that month. Months without data are filled
with zeros here (or None for a median), so every month of the period is a row.

Open trajectories and their signals are a snapshot (now), counted over the programme's
trajectories with the follow-up app's own signal annotations: counts only, no case leaves
this module.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from grip.followup.models import Trajectory, TrajectoryStatus
from grip.followup.revolving import revolving_persons
from grip.followup.worklist import SIGNALS, with_signals
from grip.monitor.indicators import AVE_LEVELS, SAFETY_SCALE, responses_in
from grip.monitor.signal_trends import SignalMonth, result_codes, signal_months
from grip.monitor.sql import WholeMinutes
from grip.people.recurrence import Scope
from grip.triage.models import Response

Month = tuple[int, int]


@dataclass
class MonthRow:
    year: int
    month: int
    situations: int = 0
    ave: dict[str, int] = field(default_factory=dict)  # "1".."4", "unknown"
    safety_person: dict[str, int] = field(default_factory=dict)  # scale codes, "unknown"
    safety_surroundings: dict[str, int] = field(default_factory=dict)
    police_minutes: int = 0
    police_measured: int = 0
    care_median_days: float | None = None
    care_measured: int = 0
    repeat_persons: int = 0
    responses_of_repeat_persons: int = 0
    trajectories_opened: int = 0
    trajectories_closed: int = 0
    # Days of the month inside the period, when the period cuts the month: a month in progress
    # (or one the period starts in) is not a full month, and its counts must not read as one.
    first_day: int = 1
    last_day: int | None = None  # None: to the month's end
    # The signals received in the month (early signalling; ``signal_trends``).
    signals: SignalMonth = field(default_factory=SignalMonth)

    @property
    def key(self) -> Month:
        return (self.year, self.month)

    @property
    def label(self) -> str:
        """ "12-2026", or "12-2026 (1–7)" for the days of a month the period cuts."""
        text = f"{self.month:02d}-{self.year}"
        if self.first_day == 1 and self.last_day is None:
            return text
        last = self.last_day if self.last_day is not None else _month_end(self.year, self.month)
        return f"{text} ({self.first_day}–{last})"

    def safe_share(self, subject: str) -> float | None:
        group = self.safety_person if subject == "person" else self.safety_surroundings
        known = sum(group.get(code, 0) for code in SAFETY_SCALE)
        return (group.get("reasonable", 0) + group.get("full", 0)) / known if known else None


@dataclass
class SignalCount:
    code: str
    label: Any
    count: int


@dataclass
class Snapshot:
    open_trajectories: int
    signals: list[SignalCount]


def months_of(date_from: dt.date, date_to: dt.date) -> list[Month]:
    months, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _by_month(queryset: QuerySet[Any], moment: str) -> QuerySet[Any]:
    zone = _zone()
    return queryset.annotate(
        y=ExtractYear(moment, tzinfo=zone), m=ExtractMonth(moment, tzinfo=zone)
    ).order_by()


def monthly(scope: Scope) -> list[MonthRow]:
    """One row per month of the scope's period (five grouped queries in all, and two for the
    signals)."""
    rows = {key: MonthRow(*key) for key in months_of(scope.date_from, scope.date_to)}
    _cut_months(scope, rows)
    responses = responses_in(scope)
    _counts(responses, rows)
    _police(responses, rows)
    _repeat_persons(responses, rows)
    _time_to_care(responses, rows)
    _trajectories(scope, rows)
    for key, month in signal_months(scope, result_codes()).items():
        if key in rows:
            rows[key].signals = month
    return list(rows.values())


def _month_end(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _cut_months(scope: Scope, rows: dict[Month, MonthRow]) -> None:
    start, end = scope.date_from, scope.date_to
    if (start.year, start.month) in rows:
        rows[(start.year, start.month)].first_day = start.day
    if (end.year, end.month) in rows and end.day < _month_end(end.year, end.month):
        rows[(end.year, end.month)].last_day = end.day


def _counts(responses: QuerySet[Response], rows: dict[Month, MonthRow]) -> None:
    aggregates: dict[str, Any] = {
        "situations": Count("pk"),
        "ave_unknown": Count("pk", filter=Q(ave_on_arrival__isnull=True)),
        **{f"ave_{lvl}": Count("pk", filter=Q(ave_on_arrival=int(lvl))) for lvl in AVE_LEVELS},
    }
    for subject in ("person", "surroundings"):
        column = f"safety_{subject}"
        aggregates[f"{subject}_unknown"] = Count("pk", filter=Q(**{f"{column}__isnull": True}))
        for code in SAFETY_SCALE:
            aggregates[f"{subject}_{code}"] = Count("pk", filter=Q(**{f"{column}__code": code}))
    grouped = _by_month(responses, "incident__reported_at").values("y", "m").annotate(**aggregates)
    for found in grouped:
        row = rows.get((found["y"], found["m"]))
        if row is None:
            continue
        row.situations = found["situations"]
        row.ave = {key: found[f"ave_{key}"] for key in (*AVE_LEVELS, "unknown")}
        row.safety_person = {key: found[f"person_{key}"] for key in (*SAFETY_SCALE, "unknown")}
        row.safety_surroundings = {
            key: found[f"surroundings_{key}"] for key in (*SAFETY_SCALE, "unknown")
        }


def _police(responses: QuerySet[Response], rows: dict[Month, MonthRow]) -> None:
    # The same measure as indicators.police_minutes, per month.
    measured = (
        responses.filter(police_officers__isnull=False, arrived_at__isnull=False)
        .filter(Q(police_departed_at__isnull=False) | Q(departed_at__isnull=False))
        .annotate(
            minutes=F("police_officers")
            * WholeMinutes(Coalesce("police_departed_at", "departed_at"), F("arrived_at"))
        )
    )
    grouped = (
        _by_month(measured, "incident__reported_at")
        .values("y", "m")
        .annotate(total=Sum("minutes"), measured=Count("pk"))
    )
    for found in grouped:
        if (row := rows.get((found["y"], found["m"]))) is not None:
            row.police_minutes, row.police_measured = found["total"] or 0, found["measured"]


def _wrap(inner: QuerySet[Any], outer: str) -> list[tuple[Any, ...]]:
    """Run ``outer`` (with ``{inner}`` for the compiled ORM query) in one statement."""
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(outer.format(inner=sql), params)
        return list(cursor.fetchall())


def _repeat_persons(responses: QuerySet[Response], rows: dict[Month, MonthRow]) -> None:
    per_person = (
        _by_month(responses.filter(incident__person__isnull=False), "incident__reported_at")
        .values("y", "m", "incident__person")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    q = connection.ops.quote_name
    found = _wrap(
        per_person,
        f"SELECT {q('y')}, {q('m')}, COUNT(*), SUM({q('n')}) FROM ({{inner}}) AS per_person"  # noqa: S608
        f" GROUP BY {q('y')}, {q('m')}",
    )
    for year, month, persons, responses_n in found:
        if (row := rows.get((int(year), int(month)))) is not None:
            row.repeat_persons, row.responses_of_repeat_persons = persons, int(responses_n or 0)


def _time_to_care(responses: QuerySet[Response], rows: dict[Month, MonthRow]) -> None:
    """The median days to the first care contact per month of the report, in one query."""
    timed = _by_month(
        Trajectory.objects.filter(
            response__in=responses.values("pk"), first_care_contact_at__isnull=False
        ),
        "response__incident__reported_at",
    ).annotate(
        minutes=WholeMinutes(
            F("first_care_contact_at"),
            Coalesce("response__arrived_at", "response__incident__reported_at"),
        )
    )
    q = connection.ops.quote_name
    y, m = q("y"), q("m")
    found = _wrap(
        timed.values("y", "m", "minutes"),
        "SELECT y, m, AVG(v), MAX(n) FROM ("  # noqa: S608 - compiled ORM SQL and fixed text
        f" SELECT {y} AS y, {m} AS m, {q('minutes')} AS v,"
        f" ROW_NUMBER() OVER (PARTITION BY {y}, {m} ORDER BY {q('minutes')}) AS rn,"
        f" COUNT(*) OVER (PARTITION BY {y}, {m}) AS n FROM ({{inner}}) AS base"
        ") AS ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY y, m",
    )
    for year, month, median_minutes, measured in found:
        if (row := rows.get((int(year), int(month)))) is not None:
            row.care_median_days = float(median_minutes) / 1440
            row.care_measured = int(measured)


def _trajectories(scope: Scope, rows: dict[Month, MonthRow]) -> None:
    """Trajectories of the programme opened and closed per month (areas by their report)."""
    base = _programme_trajectories(scope)
    for moment, attribute in (
        ("opened_at", "trajectories_opened"),
        ("closed_at", "trajectories_closed"),
    ):
        start, end = scope.bounds()
        grouped = (
            _by_month(base.filter(**{f"{moment}__gte": start, f"{moment}__lt": end}), moment)
            .values("y", "m")
            .annotate(n=Count("pk"))
        )
        for found in grouped:
            if (row := rows.get((found["y"], found["m"]))) is not None:
                setattr(row, attribute, found["n"])


def _programme_trajectories(scope: Scope) -> QuerySet[Trajectory]:
    trajectories = Trajectory.objects.filter(programme=scope.programme)
    if scope.areas:
        trajectories = trajectories.filter(incident__area__in=list(scope.areas))
    return trajectories


def snapshot(scope: Scope, now: dt.datetime | None = None) -> Snapshot:
    """Open trajectories now and how many carry each signal (counts only)."""
    open_ones = with_signals(
        _programme_trajectories(scope).filter(status=TrajectoryStatus.OPEN), now
    )
    counted = [signal for signal in SIGNALS if signal.code != "revolving_door"]
    totals = open_ones.aggregate(
        total=Count("pk"),
        **{s.code: Count("pk", filter=Q(**{f"signal_{s.code}": True})) for s in counted},
    )
    revolving = _revolving_open(scope, open_ones, now)
    signals = [
        SignalCount(s.code, s.label, revolving if s.code == "revolving_door" else totals[s.code])
        for s in SIGNALS
    ]
    return Snapshot(open_trajectories=totals["total"], signals=signals)


def _revolving_open(scope: Scope, open_ones: QuerySet[Trajectory], now: dt.datetime | None) -> int:
    persons = list(
        open_ones.filter(person__isnull=False).values_list("person_id", flat=True).distinct()
    )
    if not persons or scope.programme is None:
        return 0
    found = {
        p.person_id
        for p in revolving_persons(scope.programme, now, persons, attach_trajectories=False)
    }
    return _count_with_person(open_ones, found)


def _count_with_person(trajectories: QuerySet[Trajectory], persons: Iterable[int]) -> int:
    return trajectories.filter(person__in=sorted(persons)).count()
