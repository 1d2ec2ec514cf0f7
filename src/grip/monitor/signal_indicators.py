"""Indicator definitions v1 for signals (DOMAIN.md, "Early signalling: signals"), as aggregate
SQL: the factsheet's ``signals`` part, counted by ``indicators.factsheet``.

Over the signals of the scope's programme (all programmes for a national scope) whose
``received_at``, as a local date in Europe/Amsterdam, lies in the period (both ends included),
optionally narrowed to areas; with their pick-up, contact and closure as recorded when the
figures are made (a pick-up after ``to`` counts). Every date is a local date in
Europe/Amsterdam, taken in SQL (``TruncDate`` with the zone: the same day boundary on SQLite and
PostgreSQL, summer time included). Shares are unrounded fractions; ``None`` when there is
nothing to divide by. The definitions, formula by formula, are in ``docs/indicators.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Expression,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate

from grip.intake.models import Incident
from grip.monitor.sql import Median, median, medians_in_aggregates
from grip.network.models import Programme
from grip.people.recurrence import Scope
from grip.signalling.models import (
    ContactWith,
    FactsheetParts,
    Signal,
    SignallingSettings,
    SignalState,
)
from grip.signalling.terms import AMSTERDAM, DEFAULT_PICKUP_WORKING_DAYS, due_on
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

POLICE_AFTER_DAYS = 90
FIRST_CONTACT = (ContactWith.NETWORK.value, ContactWith.PERSON.value)
RESPONSES, SIGNALS = "responses", "signals"


def local_date(field: str | Expression) -> TruncDate:
    """The local date (Europe/Amsterdam) of a moment, in SQL."""
    return TruncDate(field, tzinfo=AMSTERDAM)


class DaysBetween(Func):
    """Calendar days from the date ``start`` to the date ``end`` (both date expressions)."""

    output_field = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        # Dates are 'YYYY-MM-DD' text in SQLite; julianday of two dates differs by whole days.
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"
        return sql, [*end_params, *start_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # date - date is an integer number of days in PostgreSQL.
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"(({end}) - ({start}))", [*end_params, *start_params]


def signals_in(scope: Scope) -> QuerySet[Signal]:
    """The signals the figures count: by programme, local date of receipt and area."""
    start, end = scope.bounds()
    signals = Signal.objects.filter(received_at__gte=start, received_at__lt=end)
    if scope.programme is not None:
        signals = signals.filter(programme=scope.programme)
    if scope.areas:
        signals = signals.filter(area__in=list(scope.areas))
    return signals


def _share(count: int, of: int) -> float | None:
    return count / of if of else None


def _codes(vocabulary: Vocabulary, terms: Iterable[tuple[str, str, int]]) -> list[tuple[str, int]]:
    return [(code, pk) for vocab, code, pk in terms if vocab == vocabulary]


def _signal_terms() -> list[tuple[str, str, int]]:
    """Every source and result code (retired ones too: old signals keep them), in the
    vocabulary's order, with its term id: one query for both lists."""
    return list(
        Term.objects.filter(vocabulary__in=[Vocabulary.SIGNAL_SOURCE, Vocabulary.SIGNAL_RESULT])
        .order_by("vocabulary", "position", "code")
        .values_list("vocabulary", "code", "pk")
    )


def _count_aggregates(sources: list[tuple[str, int]], results: list[tuple[str, int]]) -> Any:
    closed = Q(state=SignalState.CLOSED)
    return {
        "received": Count("pk"),
        "not_picked_up": Count("pk", filter=Q(picked_up_at__isnull=True)),
        "measured": Count("pk", filter=Q(first_contact_at__isnull=False)),
        **{
            f"contact_{kind}": Count("pk", filter=Q(first_contact_with=kind))
            for kind in FIRST_CONTACT
        },
        "open": Count("pk", filter=~closed),
        **{f"source_{code}": Count("pk", filter=Q(source_id=pk)) for code, pk in sources},
        **{f"result_{code}": Count("pk", filter=closed & Q(result_id=pk)) for code, pk in results},
    }


def pickup_terms(programme_ids: Iterable[int]) -> dict[int, int]:
    """The pick-up term in working days per programme (the default without settings)."""
    ids = list(programme_ids)
    found = dict(
        SignallingSettings.objects.filter(programme_id__in=ids).values_list(
            "programme_id", "pickup_working_days"
        )
    )
    return {pk: found.get(pk, DEFAULT_PICKUP_WORKING_DAYS) for pk in ids}


@lru_cache(maxsize=4096)
def due_date(received_on: dt.date, working_days: int) -> dt.date:
    """The last local date of the pick-up term for a signal received on ``received_on``:
    ``signalling.terms.due_on`` itself, asked with a moment on that local date (noon: on the
    date whatever the offset), so the rule stays written once."""
    noon = dt.datetime.combine(received_on, dt.time(12), tzinfo=AMSTERDAM)
    return due_on(noon, working_days)


def pickups_by_day(signals: QuerySet[Signal]) -> list[tuple[int, dt.date, dt.date, int]]:
    """(programme, local date received, local date picked up, how many) for the picked-up
    signals: one grouped query. Whether a group was in time is then decided per group with
    the pick-up term (working days need the holiday calendar, which SQL does not have); the
    groups are bounded by the distinct pairs of days, not by the number of signals."""
    return list(
        signals.filter(picked_up_at__isnull=False)
        .annotate(received_on=local_date("received_at"), picked_up_on=local_date("picked_up_at"))
        .values_list("programme_id", "received_on", "picked_up_on")
        .annotate(n=Count("*"))
        .order_by()
    )


@dataclass(frozen=True)
class ProgrammeSettings:
    """A programme's signalling settings as the figures need them, read once per factsheet:
    its pick-up term and its choice of factsheet parts."""

    terms: dict[int, int]
    parts: str = FactsheetParts.AUTOMATIC.value


def programme_settings(scope: Scope) -> ProgrammeSettings | None:
    """The settings of the scope's programme (one query); None for a national scope, whose
    terms are read per programme found (``pickup_terms``)."""
    if scope.programme is None:
        return None
    found = (
        SignallingSettings.objects.filter(programme=scope.programme)
        .values_list("pickup_working_days", "factsheet_parts")
        .first()
    )
    if found is None:
        return ProgrammeSettings({scope.programme.pk: DEFAULT_PICKUP_WORKING_DAYS})
    return ProgrammeSettings({scope.programme.pk: found[0]}, found[1])


def in_time(
    groups: list[tuple[int, dt.date, dt.date, int]], terms: dict[int, int] | None = None
) -> list[tuple[dt.date, int]]:
    """The groups picked up in time: (local date received, how many). ``terms``: the pick-up
    term per programme when already known."""
    programmes = {programme for programme, *_ in groups}
    if terms is None or not programmes <= set(terms):
        terms = pickup_terms(programmes)
    return [
        (received_on, n)
        for programme, received_on, picked_up_on, n in groups
        if picked_up_on <= due_date(received_on, terms[programme])
    ]


WITH_CONTACT = Q(first_contact_at__isnull=False)


def _contact_days() -> DaysBetween:
    return DaysBetween(local_date("first_contact_at"), local_date("received_at"))


def days_to_first_contact(signals: QuerySet[Signal]) -> float | None:
    """The median of the calendar days between the local dates of receipt and first contact
    (the mean of the two middle values for an even number), unrounded."""
    return median(signals.filter(WITH_CONTACT).annotate(days=_contact_days()), "days")


def persons(signals: QuerySet[Signal]) -> dict[str, int]:
    """Distinct person keys (signals without one count for nobody) and the keys with two or
    more signals in scope."""
    per_person = (
        signals.filter(person__isnull=False).values("person_id").annotate(n=Count("*")).order_by()
    )
    totals = per_person.aggregate(
        distinct=Count("n"), repeat_persons=Count("n", filter=Q(n__gte=2))
    )
    return {"distinct": totals["distinct"] or 0, "repeat_persons": totals["repeat_persons"] or 0}


def incident_after_closure() -> Exists:
    """A police incident (any code, any programme) of the signal's person reported after the
    signal was closed, on a local date no later than the 90th day after the local closing
    date (for a signal closed on 1 March: up to and including 30 May)."""
    return Exists(
        Incident.objects.filter(
            person_id=OuterRef("person_id"), reported_at__gt=OuterRef("closed_at")
        )
        .annotate(
            days=DaysBetween(
                local_date("reported_at"),
                OuterRef("closed_on"),
            )
        )
        .filter(days__lte=POLICE_AFTER_DAYS)
    )


def police_after(signals: QuerySet[Signal]) -> dict[str, Any]:
    """Of the persons of the closed signals with a person key: how many had a police
    incident in the 90 days after a closure (``count``), of how many (``of``), the share."""
    closed = (
        signals.filter(state=SignalState.CLOSED, person__isnull=False)
        .annotate(closed_on=local_date("closed_at"))
        .annotate(hit=incident_after_closure())
    )
    totals = closed.aggregate(
        of=Count("person_id", distinct=True),
        count=Count("person_id", distinct=True, filter=Q(hit=True)),
    )
    return {
        "count": totals["count"],
        "of": totals["of"],
        "share": _share(totals["count"], totals["of"]),
    }


def signals_figures(scope: Scope, settings: ProgrammeSettings | None = None) -> dict[str, Any]:
    """Every v1 signals figure for ``scope`` (exact; publication applies suppression).
    ``settings``: the programme's, when the caller has read them already."""
    signals = signals_in(scope)
    terms = _signal_terms()
    sources = _codes(Vocabulary.SIGNAL_SOURCE, terms)
    results = _codes(Vocabulary.SIGNAL_RESULT, terms)
    aggregates = _count_aggregates(sources, results)
    if medians_in_aggregates():
        # PostgreSQL: the median rides along in the counting pass.
        aggregates["median_days"] = Median(_contact_days(), filter=WITH_CONTACT)
    totals = signals.aggregate(**aggregates)
    received, picked_up = totals["received"], totals["received"] - totals["not_picked_up"]
    if settings is None:
        settings = programme_settings(scope)
    pickups = pickups_by_day(signals) if picked_up else []
    timely = sum(n for _, n in in_time(pickups, settings.terms if settings else None))
    if "median_days" in totals:
        middle = totals["median_days"]
    else:
        middle = days_to_first_contact(signals) if totals["measured"] else None
    network, person = (totals[f"contact_{kind}"] for kind in FIRST_CONTACT)
    return {
        "received": received,
        "by_source": {code: {"count": totals[f"source_{code}"]} for code, _ in sources},
        "picked_up_in_time": {"count": timely, "share": _share(timely, received)},
        "not_picked_up": totals["not_picked_up"],
        "days_to_first_contact": {
            "median": None if middle is None else float(middle),
            "measured": totals["measured"],
        },
        "first_contact": {
            "network": {"count": network},
            "person": {"count": person},
            "none": {"count": received - network - person},
            "network_share": _share(network, network + person),
        },
        "results": {
            **{code: {"count": totals[f"result_{code}"]} for code, _ in results},
            "open": {"count": totals["open"]},
        },
        "persons": persons(signals),
        "police_after": police_after(signals),
    }


def factsheet_parts(
    scope: Scope, situations: int, received: int, settings: ProgrammeSettings | None = None
) -> list[str]:
    """Which parts the programme's factsheet shows: its coordinator's choice when set, else
    what it has in the period (responses, signals, or both); in a period without either,
    what the programme has ever had, and the responses part for a programme with nothing."""
    if settings is None:
        settings = programme_settings(scope)
    choice = settings.parts if settings is not None else FactsheetParts.AUTOMATIC.value
    if choice == FactsheetParts.RESPONSES:
        return [RESPONSES]
    if choice == FactsheetParts.SIGNALS:
        return [SIGNALS]
    if choice == FactsheetParts.BOTH:
        return [RESPONSES, SIGNALS]
    parts = [part for part, n in ((RESPONSES, situations), (SIGNALS, received)) if n]
    return parts or _ever(scope.programme)


def _ever(programme: Programme | None) -> list[str]:
    signals = Signal.objects.all()
    responses = Response.objects.all()
    if programme is not None:
        signals = signals.filter(programme=programme)
        responses = responses.filter(incident__programme=programme)
    parts = [part for part, found in ((RESPONSES, responses), (SIGNALS, signals)) if found.exists()]
    return parts or [RESPONSES]
