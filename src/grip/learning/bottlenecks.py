"""Structural bottlenecks of a period, with the cases behind them, for a session's agenda.

Two sources, both read through the viewer's scoped querysets:

- responses: the bottlenecks recorded on the response (``Response.bottlenecks``), counted
  once per response whose incident was reported in the period;
- trajectories: follow-up has no bottleneck field, but two of its facts *are* bottlenecks of
  the vocabulary: an open trajectory opened in the period without anyone holding casusregie
  is ``no_direction`` ("geen partij neemt regie of opvolging"), and one closed in the period
  because the person refuses is ``care_avoidance`` (zorgmijding).

Counts are SQL aggregates; the cases behind each bottleneck are listed by pseudonymous key,
at most ``CASES_SHOWN`` per bottleneck (the count stays exact).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from grip.followup.models import Trajectory, TrajectoryStatus
from grip.learning.actions import PICK_RESPONSE, PICK_TRAJECTORY
from grip.people.recurrence import Scope
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

CASES_SHOWN = 50
NO_DIRECTION = "no_direction"
CARE_AVOIDANCE = "care_avoidance"


@dataclass
class CaseRef:
    pick: str  # "r:12" / "t:7": the value the plan form posts
    key: str  # the person's display key, "" when unknown
    on: Any  # local date
    source: str  # "response" · "trajectory"


@dataclass
class BottleneckRow:
    term: Term
    responses: int = 0
    trajectories: int = 0
    cases: list[CaseRef] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.responses + self.trajectories


def bottlenecks(viewer: Any, scope: Scope) -> list[BottleneckRow]:
    assert scope.programme is not None
    terms = {term.pk: term for term in Term.objects.of(Vocabulary.BOTTLENECK)}
    by_code = {term.code: term for term in terms.values()}
    rows: dict[int, BottleneckRow] = {}

    def row(term: Term) -> BottleneckRow:
        return rows.setdefault(term.pk, BottleneckRow(term))

    responses = Response.objects.visible_to(viewer).filter(scope.incident_filter("incident__"))
    through = Response.bottlenecks.through
    recorded = through.objects.filter(response__in=responses.values("pk"))
    for found in recorded.values("term_id").annotate(n=Count("response_id", distinct=True)):
        row(terms[found["term_id"]]).responses = found["n"]
    behind = recorded.order_by("-response__incident__reported_at").values_list(
        "term_id", "response_id", "response__incident__person__display_key",
        "response__incident__reported_at",
    )  # fmt: skip
    for term_id, response_id, key, reported_at in behind:
        _add_case(rows[term_id], f"{PICK_RESPONSE}:{response_id}", key, reported_at, "response")

    start, end = scope.bounds()
    trajectories = Trajectory.objects.visible_to(viewer).filter(programme=scope.programme)
    derived = {
        NO_DIRECTION: trajectories.filter(
            status=TrajectoryStatus.OPEN,
            case_organisation__isnull=True,
            opened_at__gte=start,
            opened_at__lt=end,
        ),
        CARE_AVOIDANCE: trajectories.filter(
            status=TrajectoryStatus.CLOSED,
            closure_reason__code="refused",
            closed_at__gte=start,
            closed_at__lt=end,
        ),
    }
    counts = trajectories.aggregate(
        **{code: Count("pk", filter=_condition(query)) for code, query in derived.items()}
    )
    for code, query in derived.items():
        if not counts[code] or code not in by_code:
            continue
        target = row(by_code[code])
        target.trajectories = counts[code]
        listed = query.order_by("-opened_at").values_list("pk", "person__display_key", "opened_at")
        for pk, key, opened_at in listed[:CASES_SHOWN]:
            _add_case(target, f"{PICK_TRAJECTORY}:{pk}", key, opened_at, "trajectory")

    return sorted(rows.values(), key=lambda r: (-r.total, r.term.position, r.term.code))


def _condition(query: Any) -> Q:
    """The WHERE of a derived queryset as a Q over the trajectory, for a filtered count."""
    return Q(pk__in=query.values("pk"))


def _add_case(row: BottleneckRow, pick: str, key: str | None, at: Any, source: str) -> None:
    if len(row.cases) < CASES_SHOWN:
        row.cases.append(CaseRef(pick, key or "", timezone.localtime(at).date(), source))


def cases_per_bottleneck(rows: list[BottleneckRow]) -> dict[str, list[str]]:
    """Bottleneck code → the picks behind it (tests and the plan form's defaults)."""
    found: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        found[r.term.code].extend(case.pick for case in r.cases)
    return dict(found)
