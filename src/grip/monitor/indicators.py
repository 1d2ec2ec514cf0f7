"""Indicator definitions v1 (DOMAIN.md): every figure of the factsheet, as aggregate SQL.

One function per figure, each taking the same ``Scope`` (a programme, a period of local dates
in Europe/Amsterdam with both ends included, optional areas) and returning plain data that
serialises to the factsheet JSON. Unknown values are always counted as ``unknown``, never
dropped. Definitions are versioned: changing one makes ``DEFINITIONS`` v2, and v1 stays
reproducible. The definitions, formula by formula, are in ``docs/indicators.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from grip.followup.models import Trajectory, TrajectoryStatus
from grip.monitor.sql import WholeMinutes, median
from grip.people.recurrence import Scope, persons_figure
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

DEFINITIONS = "v1"
AVE_LEVELS = ("1", "2", "3", "4")
SAFETY_SCALE = ("none", "limited", "reasonable", "full")
TOP = 3

__all__ = ["DEFINITIONS", "Scope", "factsheet", "national_factsheet"]


def responses_in(scope: Scope) -> QuerySet[Response]:
    """The responses the figures count: by their incident's programme, local report date and
    area."""
    return Response.objects.filter(scope.incident_filter("incident__"))


def _share(count: int, known: int) -> float | None:
    return count / known if known else None


def ave_levels(responses: QuerySet[Response]) -> dict[str, Any]:
    """Count per AVE level on arrival and ``unknown``; shares over the known ones."""
    totals = responses.aggregate(
        unknown=Count("pk", filter=Q(ave_on_arrival__isnull=True)),
        **{level: Count("pk", filter=Q(ave_on_arrival=int(level))) for level in AVE_LEVELS},
    )
    known = sum(totals[level] for level in AVE_LEVELS)
    figure: dict[str, Any] = {
        level: {"count": totals[level], "share": _share(totals[level], known)}
        for level in AVE_LEVELS
    }
    figure["unknown"] = {"count": totals["unknown"]}
    return figure


def safety(responses: QuerySet[Response], field: str) -> dict[str, Any]:
    """Count per scale value and ``unknown``; ``reasonable_or_full_share`` over the known."""
    totals = responses.aggregate(
        unknown=Count("pk", filter=Q(**{f"{field}__isnull": True})),
        **{code: Count("pk", filter=Q(**{f"{field}__code": code})) for code in SAFETY_SCALE},
    )
    known = sum(totals[code] for code in SAFETY_SCALE)
    figure: dict[str, Any] = {
        code: {"count": totals[code], "share": _share(totals[code], known)} for code in SAFETY_SCALE
    }
    figure["unknown"] = {"count": totals["unknown"]}
    figure["reasonable_or_full_share"] = _share(totals["reasonable"] + totals["full"], known)
    return figure


def top_codes(responses: QuerySet[Response], relation: str) -> list[dict[str, Any]]:
    """The three codes recorded in the most responses (once per response); ties go to the
    code listed first in the vocabulary."""
    through = getattr(Response, relation).through
    rows = (
        through.objects.filter(response__in=responses.values("pk"))
        .values("term_id")
        .annotate(count=Count("response_id", distinct=True))
        .order_by()
    )
    counts = {row["term_id"]: row["count"] for row in rows}
    terms = Term.objects.filter(pk__in=list(counts))
    ranked = sorted(terms, key=lambda term: (-counts[term.pk], term.position, term.code))
    return [
        {"code": term.code, "label": term.label, "count": counts[term.pk]} for term in ranked[:TOP]
    ]


def police_minutes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Per response: officers × whole minutes from arrival until the police left (their own
    departure, else care's), where all of these are known; total, median, how many."""
    measured = (
        responses.filter(police_officers__isnull=False, arrived_at__isnull=False)
        .filter(Q(police_departed_at__isnull=False) | Q(departed_at__isnull=False))
        .annotate(
            minutes=F("police_officers")
            * WholeMinutes(Coalesce("police_departed_at", "departed_at"), F("arrived_at"))
        )
    )
    totals = measured.aggregate(total=Sum("minutes"), measured=Count("pk"))
    return {
        "total": totals["total"] or 0,
        "median": median(measured, "minutes"),
        "responses_measured": totals["measured"],
    }


def on_site_minutes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Whole minutes from care's arrival to care's departure: the median, and how many."""
    measured = responses.filter(arrived_at__isnull=False, departed_at__isnull=False).annotate(
        minutes=WholeMinutes(F("departed_at"), F("arrived_at"))
    )
    return {"median": median(measured, "minutes"), "responses_measured": measured.count()}


def outcomes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Count per outcome code (every code of the vocabulary, also at zero) and ``unknown``."""
    codes = list(
        Term.objects.of(Vocabulary.OUTCOME).order_by("position").values_list("code", flat=True)
    )
    totals = responses.aggregate(
        unknown=Count("pk", filter=Q(outcome__isnull=True)),
        **{f"c_{code}": Count("pk", filter=Q(outcome__code=code)) for code in codes},
    )
    figure: dict[str, Any] = {code: {"count": totals[f"c_{code}"]} for code in codes}
    figure["unknown"] = {"count": totals["unknown"]}
    return figure


def follow_up(responses: QuerySet[Response]) -> dict[str, Any]:
    """Responses with a trajectory; of those: with a casusregie holder, closed; and the median
    days from the response (care's arrival, else the report) to the first care contact."""
    trajectories = Trajectory.objects.filter(response__in=responses.values("pk"))
    totals = trajectories.aggregate(
        with_trajectory=Count("response_id", distinct=True),
        with_direction_holder=Count("pk", filter=Q(case_organisation__isnull=False)),
        closed=Count("pk", filter=Q(status=TrajectoryStatus.CLOSED)),
        with_care_contact=Count("pk", filter=Q(first_care_contact_at__isnull=False)),
    )
    timed = trajectories.filter(first_care_contact_at__isnull=False).annotate(
        minutes=WholeMinutes(
            F("first_care_contact_at"),
            Coalesce("response__arrived_at", "response__incident__reported_at"),
        )
    )
    median_minutes = median(timed, "minutes")
    return {
        "responses_with_trajectory": totals["with_trajectory"],
        "with_direction_holder": totals["with_direction_holder"],
        "closed": totals["closed"],
        "time_to_care": {
            "median_days": None if median_minutes is None else median_minutes / 1440,
            "trajectories_measured": totals["with_care_contact"],
        },
    }


def factsheet(scope: Scope) -> dict[str, Any]:
    """Every v1 figure for ``scope``, with exact counts (publication applies suppression).

    A scope without a programme gives the national figures: the same definitions over the
    responses of every programme together (``"programme": null``). Areas belong to one
    programme, so a national scope has none.
    """
    if scope.programme is None and scope.areas:
        raise ValueError("Areas belong to one programme; a national scope has none.")
    responses = responses_in(scope)
    persons = persons_figure(scope)
    return {
        "definitions": DEFINITIONS,
        "programme": scope.programme.slug if scope.programme is not None else None,
        "from": scope.date_from.isoformat(),
        "to": scope.date_to.isoformat(),
        "areas": [area.slug for area in scope.areas],
        "situations": responses.count(),
        "ave_levels": ave_levels(responses),
        "safety": {
            "person": safety(responses, "safety_person"),
            "surroundings": safety(responses, "safety_surroundings"),
        },
        "top_risks": top_codes(responses, "risks"),
        "top_interventions": top_codes(responses, "interventions"),
        "top_bottlenecks": top_codes(responses, "bottlenecks"),
        "police_minutes": police_minutes(responses),
        "on_site_minutes": on_site_minutes(responses),
        "persons": {
            "distinct": persons.distinct,
            "repeat_persons": persons.repeat_persons,
            "responses_of_repeat_persons": persons.responses_of_repeat_persons,
            "unknown": {"count": persons.unknown},
        },
        "outcomes": outcomes(responses),
        "follow_up": follow_up(responses),
        # Filled by the learning issue (reflection sessions); empty lists until then.
        "reflection": {"top_positive": [], "top_learning": []},
    }


def national_factsheet(date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Every v1 figure over all programmes together (for the ministries and the benchmark)."""
    return factsheet(Scope(None, date_from, date_to))
