"""The factsheet JSON for a generated year equals the figures counted again, in plain Python,
over the same rows (issue 6): two independent routes to every number."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import zoneinfo
from collections import Counter
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from grip.demo.incidents import generate_demo_incidents
from grip.demo.responses import configure_demo_followup, generate_demo_responses
from grip.demo.users import ensure_demo_users
from grip.followup import actions as followup
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.monitor.actions import add_note
from grip.monitor.sheet import build_sheet
from grip.monitor.views import print_html
from grip.network.models import Programme
from grip.pdf import render_pdf
from grip.people.recurrence import Scope
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary
from tests.pdf_support import pdf_page_sizes_mm, pdf_text, require_pdf

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)
YEAR = ("2025-07-01", "2026-06-30")


@pytest.fixture
def generated_year(reference) -> Programme:
    """The demo's synthetic year (seeded, so the same every run), plus first care contacts."""
    with time_machine.travel(NOW, tick=False):
        users = ensure_demo_users()
        generate_demo_incidents(users["politie"], today=NOW.date())
        configure_demo_followup()
        generate_demo_responses(users["spv"])
        rng = random.Random(6)
        kinds = list(Term.objects.of(Vocabulary.CONTACT_KIND))
        for trajectory in Trajectory.objects.select_related("response").order_by("pk"):
            if rng.random() < 0.6 and trajectory.response and trajectory.response.arrived_at:
                at = trajectory.response.arrived_at + dt.timedelta(minutes=rng.randint(30, 20000))
                followup.add_contact(
                    users["coordinator"], trajectory, at=min(at, NOW), kind=rng.choice(kinds),
                    with_whom="person", partner=None, with_peer_expert=False, activities=[],
                    result="", by_organisation=None,
                )  # fmt: skip
    return Programme.objects.get(slug="groninger-hotspot")


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(AMSTERDAM).date()


def _whole_minutes(end: dt.datetime, start: dt.datetime) -> int:
    return int((end - start).total_seconds()) // 60


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _share(count: int, known: int) -> float | None:
    return count / known if known else None


def _top(rows: list[Response], relation: str) -> list[dict[str, Any]]:
    counted: Counter[int] = Counter()
    terms: dict[int, Term] = {}
    for row in rows:
        for term in {t.pk: t for t in getattr(row, relation).all()}.values():
            counted[term.pk] += 1
            terms[term.pk] = term
    ranked = sorted(counted, key=lambda pk: (-counted[pk], terms[pk].position, terms[pk].code))
    return [
        {"code": terms[pk].code, "label": terms[pk].label, "count": counted[pk]}
        for pk in ranked[:3]
    ]


def expected(programme: Programme, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    rows = [
        row
        for row in Response.objects.filter(incident__programme=programme)
        .select_related("incident", "safety_person", "safety_surroundings", "outcome")
        .prefetch_related("risks", "interventions", "bottlenecks")
        if date_from <= _local_date(row.incident.reported_at) <= date_to
    ]
    ave_counts = Counter(row.ave_on_arrival for row in rows)
    ave_known = sum(ave_counts[level] for level in (1, 2, 3, 4))
    ave = {
        str(level): {"count": ave_counts[level], "share": _share(ave_counts[level], ave_known)}
        for level in (1, 2, 3, 4)
    }
    ave["unknown"] = {"count": ave_counts[None]}

    def safety(attribute: str) -> dict[str, Any]:
        counts = Counter(getattr(getattr(row, attribute), "code", None) for row in rows)
        known = sum(counts[c] for c in ("none", "limited", "reasonable", "full"))
        figure: dict[str, Any] = {
            c: {"count": counts[c], "share": _share(counts[c], known)}
            for c in ("none", "limited", "reasonable", "full")
        }
        figure["unknown"] = {"count": counts[None]}
        figure["reasonable_or_full_share"] = _share(counts["reasonable"] + counts["full"], known)
        return figure

    police = [
        row.police_officers
        * _whole_minutes(row.police_departed_at or row.departed_at, row.arrived_at)
        for row in rows
        if row.police_officers is not None
        and row.arrived_at
        and (row.police_departed_at or row.departed_at)
    ]
    on_site = [
        _whole_minutes(row.departed_at, row.arrived_at)
        for row in rows
        if row.arrived_at and row.departed_at
    ]
    per_person = Counter(row.incident.person_id for row in rows if row.incident.person_id)
    outcome_codes = Term.objects.of(Vocabulary.OUTCOME).order_by("position")
    outcomes_count = Counter(getattr(row.outcome, "code", None) for row in rows)
    outcomes: dict[str, Any] = {t.code: {"count": outcomes_count[t.code]} for t in outcome_codes}
    outcomes["unknown"] = {"count": outcomes_count[None]}
    ids = {row.pk for row in rows}
    trajectories = [t for t in Trajectory.objects.all() if t.response_id in ids]
    rows_by_pk = {row.pk: row for row in rows}
    to_care = [
        _whole_minutes(
            t.first_care_contact_at,
            rows_by_pk[t.response_id].arrived_at or rows_by_pk[t.response_id].incident.reported_at,
        )
        for t in trajectories
        if t.first_care_contact_at
    ]
    care_median = _median(to_care)
    return {
        "situations": len(rows),
        "ave_levels": ave,
        "safety": {
            "person": safety("safety_person"),
            "surroundings": safety("safety_surroundings"),
        },
        "top_risks": _top(rows, "risks"),
        "top_interventions": _top(rows, "interventions"),
        "top_bottlenecks": _top(rows, "bottlenecks"),
        "police_minutes": {
            "total": sum(police),
            "median": _median(police),
            "responses_measured": len(police),
        },
        "on_site_minutes": {"median": _median(on_site), "responses_measured": len(on_site)},
        "persons": {
            "distinct": len(per_person),
            "repeat_persons": sum(1 for n in per_person.values() if n >= 2),
            "responses_of_repeat_persons": sum(n for n in per_person.values() if n >= 2),
            "unknown": {"count": sum(1 for row in rows if row.incident.person_id is None)},
        },
        "outcomes": outcomes,
        "follow_up": {
            "responses_with_trajectory": len(trajectories),
            "with_direction_holder": sum(1 for t in trajectories if t.case_organisation_id),
            "closed": sum(1 for t in trajectories if t.status == TrajectoryStatus.CLOSED),
            "time_to_care": {
                "median_days": None if care_median is None else care_median / 1440,
                "trajectories_measured": len(to_care),
            },
        },
    }


def test_the_json_of_a_generated_year_equals_an_independent_count(generated_year) -> None:
    out = StringIO()
    call_command(
        "factsheet", "--programme", generated_year.slug, "--from", YEAR[0], "--to", YEAR[1],
        "--format", "json", stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    want = expected(generated_year, *(dt.date.fromisoformat(day) for day in YEAR))
    assert want["situations"] > 150  # a real year, not an empty one
    assert want["follow_up"]["time_to_care"]["trajectories_measured"] >= 5
    for key, value in want.items():
        assert figures[key] == value, key
    assert figures["definitions"] == "v1"
    assert figures["reflection"] == {"top_positive": [], "top_learning": []}

    # The same year as a PDF, with three "Wist je dat …" items: still one or two A4 pages,
    # and the key figures are in it as text.
    require_pdf()
    coordinator = get_user_model().objects.get(username="coordinator")
    period = tuple(dt.date.fromisoformat(day) for day in YEAR)
    for n in range(3):
        add_note(coordinator, generated_year, *period, f"Wist je dat dit item {n + 1} is? " * 8)
    pdf = render_pdf(print_html(build_sheet(generated_year, Scope(generated_year, *period),
                                            published=True)))  # fmt: skip
    assert len(pdf_page_sizes_mm(pdf)) in (1, 2)
    text = " ".join(pdf_text(pdf).split())
    assert f"{want['situations']} totaal" in text
    assert "Wist je dat dit item 3 is?" in text
    top_risk = want["top_risks"][0]
    assert f"({top_risk['count']})" in text
