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

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from grip.experience.indicators import experience_figures
from grip.followup.models import TrajectoryStatus
from grip.monitor import definitions as per_response
from grip.monitor.facts import CodeFact, CodeRelation, ResponseFact
from grip.monitor.refresh import refresh_facts
from grip.monitor.reporting import memory_for_sorting
from grip.monitor.signal_indicators import (
    factsheet_parts,
    programme_settings,
    signals_figures,
)
from grip.monitor.sql import Median, median, medians_in_aggregates
from grip.people.recurrence import Scope
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


# Every figure that is a plain count over the responses is declared as named aggregates and
# read back by a builder, so that ``factsheet`` can ask for all of them in one pass over the
# scope (one scan of a national ten-year set instead of six) while each figure's function
# still works on its own.


def _ave_aggregates() -> dict[str, Any]:
    return {
        "ave_unknown": Count("pk", filter=Q(ave_on_arrival__isnull=True)),
        **{
            f"ave_{level}": Count("pk", filter=Q(ave_on_arrival=int(level))) for level in AVE_LEVELS
        },
    }


def _ave_figure(totals: dict[str, Any]) -> dict[str, Any]:
    known = sum(totals[f"ave_{level}"] for level in AVE_LEVELS)
    figure: dict[str, Any] = {
        level: {"count": totals[f"ave_{level}"], "share": _share(totals[f"ave_{level}"], known)}
        for level in AVE_LEVELS
    }
    figure["unknown"] = {"count": totals["ave_unknown"]}
    return figure


def ave_levels(responses: QuerySet[Response]) -> dict[str, Any]:
    """Count per AVE level on arrival and ``unknown``; shares over the known ones."""
    return _ave_figure(responses.aggregate(**_ave_aggregates()))


def _term_ids(vocabulary: Vocabulary) -> dict[str, int]:
    return dict(Term.objects.of(vocabulary).values_list("code", "pk"))


def _is_term(field: str, term_id: int | None) -> Q:
    # By id, not by code: no join to the vocabulary in the pass over the responses. A code
    # missing from the vocabulary matches nothing (no primary key is null).
    return Q(**{f"{field}_id": term_id}) if term_id is not None else Q(pk__isnull=True)


def _safety_aggregates(field: str, ids: dict[str, int]) -> dict[str, Any]:
    return {
        f"{field}_unknown": Count("pk", filter=Q(**{f"{field}__isnull": True})),
        **{
            f"{field}_{code}": Count("pk", filter=_is_term(field, ids.get(code)))
            for code in SAFETY_SCALE
        },
    }


def _safety_figure(totals: dict[str, Any], field: str) -> dict[str, Any]:
    counts = {code: totals[f"{field}_{code}"] for code in SAFETY_SCALE}
    known = sum(counts.values())
    figure: dict[str, Any] = {
        code: {"count": count, "share": _share(count, known)} for code, count in counts.items()
    }
    figure["unknown"] = {"count": totals[f"{field}_unknown"]}
    figure["reasonable_or_full_share"] = _share(counts["reasonable"] + counts["full"], known)
    return figure


def safety(responses: QuerySet[Response], field: str) -> dict[str, Any]:
    """Count per scale value and ``unknown``; ``reasonable_or_full_share`` over the known."""
    ids = _term_ids(Vocabulary.SAFETY)
    return _safety_figure(responses.aggregate(**_safety_aggregates(field, ids)), field)


def top_codes(responses: QuerySet[Response], relation: str) -> list[dict[str, Any]]:
    """The three codes recorded in the most responses (once per response); ties go to the
    code listed first in the vocabulary."""
    through = getattr(Response, relation).through
    # A plain count is a count of distinct responses: the through table holds each
    # (response, term) pair once (Django's unique constraint on many-to-many tables), and
    # without DISTINCT the database can hash-aggregate instead of sorting every group.
    rows = (
        through.objects.filter(response__in=responses.values("pk"))
        .values("term_id")
        .annotate(count=Count("response_id"))
        .order_by()
    )
    counts = {row["term_id"]: row["count"] for row in rows}
    terms = Term.objects.filter(pk__in=list(counts))
    ranked = sorted(terms, key=lambda term: (-counts[term.pk], term.position, term.code))
    return [
        {"code": term.code, "label": term.label, "count": counts[term.pk]} for term in ranked[:TOP]
    ]


TOP_RELATIONS = ("risks", "interventions", "bottlenecks")


def top_codes_all(responses: QuerySet[Response]) -> dict[str, list[dict[str, Any]]]:
    """``top_codes`` for every relation of ``TOP_RELATIONS`` in one statement.

    The three through tables are stacked (``UNION ALL``, tagged by relation) and joined to
    the scope once, so the responses are joined to their incidents once instead of three
    times, and the join stays open to parallel query (a materialised CTE would not be).
    Same counting rule as ``top_codes``: the through tables hold each (response, term) pair
    once.
    """
    scope_sql, params = responses.values("pk").order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    # Only compiled ORM SQL, model table names and fixed text go into this statement.
    stacked = " UNION ALL ".join(
        f"SELECT {index} AS relation, response_id, term_id"  # noqa: S608
        f" FROM {quote(getattr(Response, relation).through._meta.db_table)}"
        for index, relation in enumerate(TOP_RELATIONS)
    )
    sql = (
        f"SELECT t.relation, t.term_id, COUNT(*) FROM ({stacked}) AS t"  # noqa: S608
        f" WHERE t.response_id IN ({scope_sql}) GROUP BY t.relation, t.term_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[int, dict[int, int]] = {index: {} for index in range(len(TOP_RELATIONS))}
    for index, term_id, count in rows:
        counts[index][term_id] = count
    terms = {term.pk: term for term in Term.objects.filter(pk__in=[t for _, t, _ in rows])}
    figures = {}
    for index, relation in enumerate(TOP_RELATIONS):
        ranked = sorted(
            counts[index].items(),
            key=lambda item: (-item[1], terms[item[0]].position, terms[item[0]].code),
        )
        figures[relation] = [
            {"code": terms[pk].code, "label": terms[pk].label, "count": count}
            for pk, count in ranked[:TOP]
        ]
    return figures


def _minutes_aggregates() -> dict[str, Any]:
    aggregates = {
        "police_total": Sum(per_response.police_minutes(), filter=per_response.police_measured()),
        "police_measured": Count("pk", filter=per_response.police_measured()),
        "on_site_measured": Count("pk", filter=per_response.on_site_measured()),
    }
    if medians_in_aggregates():
        aggregates["police_median"] = Median(
            per_response.police_minutes(), filter=per_response.police_measured()
        )
        aggregates["on_site_median"] = Median(
            per_response.on_site_minutes(), filter=per_response.on_site_measured()
        )
    return aggregates


def _police_figure(totals: dict[str, Any], responses: QuerySet[Response]) -> dict[str, Any]:
    if "police_median" in totals:
        middle = totals["police_median"]
    else:
        measured = responses.filter(per_response.police_measured()).annotate(
            minutes=per_response.police_minutes()
        )
        middle = median(measured, "minutes")
    return {
        "total": totals["police_total"] or 0,
        "median": None if middle is None else float(middle),
        "responses_measured": totals["police_measured"],
    }


def _on_site_figure(totals: dict[str, Any], responses: QuerySet[Response]) -> dict[str, Any]:
    if "on_site_median" in totals:
        middle = totals["on_site_median"]
    else:
        measured = responses.filter(per_response.on_site_measured()).annotate(
            minutes=per_response.on_site_minutes()
        )
        middle = median(measured, "minutes")
    return {
        "median": None if middle is None else float(middle),
        "responses_measured": totals["on_site_measured"],
    }


def police_minutes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Per response: officers × whole minutes from arrival until the police left (their own
    departure, else care's), where all of these are known; total, median, how many."""
    return _police_figure(responses.aggregate(**_minutes_aggregates()), responses)


def on_site_minutes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Whole minutes from care's arrival to care's departure: the median, and how many."""
    return _on_site_figure(responses.aggregate(**_minutes_aggregates()), responses)


def _outcome_codes() -> list[tuple[str, int]]:
    """Every outcome code with its term id, in the vocabulary's order."""
    return list(Term.objects.of(Vocabulary.OUTCOME).order_by("position").values_list("code", "pk"))


def _outcome_aggregates(codes: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "outcome_unknown": Count("pk", filter=Q(outcome__isnull=True)),
        **{f"outcome_c_{code}": Count("pk", filter=Q(outcome_id=pk)) for code, pk in codes},
    }


def _outcome_figure(totals: dict[str, Any], codes: list[tuple[str, int]]) -> dict[str, Any]:
    figure: dict[str, Any] = {code: {"count": totals[f"outcome_c_{code}"]} for code, _ in codes}
    figure["unknown"] = {"count": totals["outcome_unknown"]}
    return figure


def outcomes(responses: QuerySet[Response]) -> dict[str, Any]:
    """Count per outcome code (every code of the vocabulary, also at zero) and ``unknown``."""
    codes = _outcome_codes()
    return _outcome_figure(responses.aggregate(**_outcome_aggregates(codes)), codes)


# Follow-up reads the response's trajectory through the reverse one-to-one relation (one
# trajectory per response at most), so its counts and its median ride along in the counting
# pass of ``factsheet``: a LEFT JOIN that cannot multiply rows, instead of a pass of its own.
def _follow_up_aggregates() -> dict[str, Any]:
    aggregates: dict[str, Any] = {
        "trajectories": Count("trajectory"),
        "trajectories_with_holder": Count(
            "trajectory", filter=Q(trajectory__case_organisation__isnull=False)
        ),
        "trajectories_closed": Count(
            "trajectory", filter=Q(trajectory__status=TrajectoryStatus.CLOSED)
        ),
        "trajectories_with_contact": Count("trajectory", filter=per_response.WITH_CARE_CONTACT),
    }
    if medians_in_aggregates():
        aggregates["to_care_median"] = Median(
            per_response.to_care_minutes(), filter=per_response.WITH_CARE_CONTACT
        )
    return aggregates


def _follow_up_figure(totals: dict[str, Any], responses: QuerySet[Response]) -> dict[str, Any]:
    if "to_care_median" in totals:
        median_minutes = totals["to_care_median"]
    else:
        measured = responses.filter(per_response.WITH_CARE_CONTACT).annotate(
            minutes=per_response.to_care_minutes()
        )
        median_minutes = median(measured, "minutes")
    return {
        "responses_with_trajectory": totals["trajectories"],
        "with_direction_holder": totals["trajectories_with_holder"],
        "closed": totals["trajectories_closed"],
        "time_to_care": {
            "median_days": None if median_minutes is None else median_minutes / 1440,
            "trajectories_measured": totals["trajectories_with_contact"],
        },
    }


def follow_up(responses: QuerySet[Response]) -> dict[str, Any]:
    """Responses with a trajectory; of those: with a casusregie holder, closed; and the median
    days from the response (care's arrival, else the report) to the first care contact."""
    return _follow_up_figure(responses.aggregate(**_follow_up_aggregates()), responses)


def _persons_unknown_aggregate() -> dict[str, Any]:
    # Responses without a known person ride along in the counting pass, which already joins
    # the incidents for the scope's filter.
    return {"persons_unknown": Count("pk", filter=Q(incident__person__isnull=True))}


def _persons_figure(responses: QuerySet[Response], unknown: int) -> dict[str, Any]:
    """``people.recurrence.persons_figure`` over the same scope, grouped on the incident's
    person id: the responses in scope per known person, without joining the persons table
    (every incident's person exists: a foreign key). Distinct persons, repeat persons (≥ 2
    responses) and the responses of repeat persons; ``unknown`` from the counting pass."""
    per_person = (
        responses.filter(incident__person__isnull=False)
        .values("incident__person_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = per_person.aggregate(
        distinct=Count("n"),
        repeat_persons=Count("n", filter=Q(n__gte=2)),
        responses_of_repeat_persons=Sum("n", filter=Q(n__gte=2)),
    )
    return {
        "distinct": totals["distinct"] or 0,
        "repeat_persons": totals["repeat_persons"] or 0,
        "responses_of_repeat_persons": totals["responses_of_repeat_persons"] or 0,
        "unknown": {"count": unknown},
    }


# The factsheet counts from the facts table (``monitor.facts``): the same definitions as the
# functions above, already joined and reduced per response, so that a national ten-year
# factsheet is a few scans of narrow tables instead of passes that each join 1.5 million
# responses to their incidents (ADR 0022). The functions above stay the definitions over
# any set of responses (and the tests' independent check of the facts).


def _fact_minutes_aggregates() -> dict[str, Any]:
    return {
        "police_total": Sum("police_minutes"),
        "police_measured": Count("police_minutes"),
        "on_site_measured": Count("on_site_minutes"),
    }


MEDIANS = ("police", "on_site", "to_care")


def _fact_medians(facts: QuerySet[ResponseFact]) -> dict[str, Any]:
    """The three medians of whole minutes. On PostgreSQL one pass of ordered-set aggregates,
    kept out of the counting pass: an ordered-set aggregate cannot run in parallel, and
    would keep the counts from doing so."""
    if medians_in_aggregates():
        return facts.aggregate(**{name: Median(f"{name}_minutes") for name in MEDIANS})
    return {
        name: median(facts.filter(**{f"{name}_minutes__isnull": False}), f"{name}_minutes")
        for name in MEDIANS
    }


def _fact_follow_up_aggregates() -> dict[str, Any]:
    return {
        "trajectories": Count("pk", filter=Q(has_trajectory=True)),
        "trajectories_with_holder": Count("pk", filter=Q(trajectory_with_holder=True)),
        "trajectories_closed": Count("pk", filter=Q(trajectory_closed=True)),
        "trajectories_with_contact": Count("to_care_minutes"),
    }


def _fact_persons(facts: QuerySet[ResponseFact], unknown: int) -> dict[str, Any]:
    per_person = (
        facts.filter(person_id__isnull=False)
        .values("person_id")
        # COUNT(*), not of a column: the (person, time) index alone answers it.
        .annotate(n=Count("*"))
        .order_by()
    )
    totals = per_person.aggregate(
        distinct=Count("n"),
        repeat_persons=Count("n", filter=Q(n__gte=2)),
        responses_of_repeat_persons=Sum("n", filter=Q(n__gte=2)),
    )
    return {
        "distinct": totals["distinct"] or 0,
        "repeat_persons": totals["repeat_persons"] or 0,
        "responses_of_repeat_persons": totals["responses_of_repeat_persons"] or 0,
        "unknown": {"count": unknown},
    }


def _fact_top_codes(scope: Scope) -> dict[str, list[dict[str, Any]]]:
    """The top three of each code list: responses per code (a code is recorded once per
    response); ties go to the code listed first in the vocabulary."""
    rows = (
        CodeFact.objects.filter(scope.incident_filter(""))
        .values_list("relation", "term_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {relation.value: {} for relation in CodeRelation}
    for relation, term_id, count in rows:
        counts[relation][term_id] = count
    terms = Term.objects.in_bulk([term_id for found in counts.values() for term_id in found])
    figures = {}
    for relation in CodeRelation:
        ranked = sorted(
            counts[relation.value].items(),
            key=lambda item: (-item[1], terms[item[0]].position, terms[item[0]].code),
        )
        figures[relation.label] = [
            {"code": terms[pk].code, "label": terms[pk].label, "count": count}
            for pk, count in ranked[:TOP]
        ]
    return figures


def factsheet(scope: Scope, *, experience: bool = True) -> dict[str, Any]:
    """Every v1 figure for ``scope``, with exact counts (publication applies suppression):
    the responses' figures and the signals' (key ``signals``), and which of them it shows.
    ``experience=False`` leaves out the person's own view (key ``experience``, ADR 0110) for
    callers that do not show it (the period comparison).

    A scope without a programme gives the national figures: the same definitions over the
    responses of every programme together (``"programme": null``). Areas belong to one
    programme, so a national scope has none.
    """
    if scope.programme is None and scope.areas:
        raise ValueError("Areas belong to one programme; a national scope has none.")
    refresh_facts()
    facts = ResponseFact.objects.filter(scope.incident_filter(""))
    safety_ids = _term_ids(Vocabulary.SAFETY)
    outcome_codes = _outcome_codes()
    tops = _fact_top_codes(scope)
    # One pass for every plain count (see the note above ``_ave_aggregates``).
    totals = facts.aggregate(
        situations=Count("pk"),
        **_ave_aggregates(),
        **_safety_aggregates("safety_person", safety_ids),
        **_safety_aggregates("safety_surroundings", safety_ids),
        **_fact_minutes_aggregates(),
        **_outcome_aggregates(outcome_codes),
        persons_unknown=Count("pk", filter=Q(person_id__isnull=True)),
        **_fact_follow_up_aggregates(),
    )
    with memory_for_sorting():
        medians = _fact_medians(facts)
    police_median, on_site_median = medians["police"], medians["on_site"]
    to_care_median = medians["to_care"]
    # The early-signalling programmes' own unit of work (``signal_indicators``).
    settings = programme_settings(scope)
    signals = signals_figures(scope, settings)
    return {
        "definitions": DEFINITIONS,
        "programme": scope.programme.slug if scope.programme is not None else None,
        "from": scope.date_from.isoformat(),
        "to": scope.date_to.isoformat(),
        "areas": [area.slug for area in scope.areas],
        # What the factsheet shows: "responses" (the figures below), "signals", or both. The
        # JSON always carries every key, so a reader's code never meets a missing one.
        "parts": factsheet_parts(scope, totals["situations"], signals["received"], settings),
        "situations": totals["situations"],
        "ave_levels": _ave_figure(totals),
        "safety": {
            "person": _safety_figure(totals, "safety_person"),
            "surroundings": _safety_figure(totals, "safety_surroundings"),
        },
        "top_risks": tops["risks"],
        "top_interventions": tops["interventions"],
        "top_bottlenecks": tops["bottlenecks"],
        "police_minutes": {
            "total": totals["police_total"] or 0,
            "median": None if police_median is None else float(police_median),
            "responses_measured": totals["police_measured"],
        },
        "on_site_minutes": {
            "median": None if on_site_median is None else float(on_site_median),
            "responses_measured": totals["on_site_measured"],
        },
        "persons": _fact_persons(facts, totals["persons_unknown"]),
        "outcomes": _outcome_figure(totals, outcome_codes),
        "follow_up": {
            "responses_with_trajectory": totals["trajectories"],
            "with_direction_holder": totals["trajectories_with_holder"],
            "closed": totals["trajectories_closed"],
            "time_to_care": {
                "median_days": None if to_care_median is None else to_care_median / 1440,
                "trajectories_measured": totals["trajectories_with_contact"],
            },
        },
        # Filled by the learning issue (reflection sessions); empty lists until then.
        "reflection": {"top_positive": [], "top_learning": []},
        "signals": signals,
        # The person's own view (grip.experience, ADR 0110): their answers, not the
        # professional's judgement; its own definitions version inside.
        **(
            {"experience": experience_figures(scope.programme, scope.date_from, scope.date_to)}
            if experience
            else {}
        ),
    }


def national_factsheet(date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Every v1 figure over all programmes together (for the ministries and the benchmark)."""
    return factsheet(Scope(None, date_from, date_to))
