"""Indicator definitions v1, checked against figures counted by hand."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from grip.followup import actions as followup
from grip.followup.models import Trajectory
from grip.monitor.indicators import factsheet
from grip.monitor.publication import suppress
from grip.monitor.refresh import refresh_facts
from grip.network.models import Organisation, Programme
from grip.people.recurrence import Scope
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def at(minutes: int, seconds: int = 0) -> dt.datetime:
    return DAY + dt.timedelta(hours=1, minutes=minutes, seconds=seconds)


@pytest.fixture
def five(persona, hotspot):  # type: ignore[no-untyped-def]
    """Five responses in March, one in April and one in another programme."""
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    same, other = PersonFactory(programmes=[hotspot]), PersonFactory(programmes=[hotspot])
    r = lambda code: term("risk", code)  # noqa: E731
    s = lambda code: term("safety", code)  # noqa: E731
    specs = [
        # person, ave, safety, risks, officers, arrived, police left, departed, follow-up
        (same, 3, s("reasonable"), [r("verbal_aggression"), r("physical_aggression")],
         2, at(0), at(30), at(60), True),
        (same, 3, s("full"), [r("verbal_aggression")], 1, at(0), None, at(45, 59), False),
        (other, 4, s("limited"), [r("physical_aggression"), r("suicide_attempt")],
         3, at(0), None, at(60), False),
        (None, None, None, [r("suicide_attempt"), r("weapon")], None, at(0), None, at(20), False),
        (None, 1, s("none"), [r("weapon")], 2, None, None, None, False),
    ]  # fmt: skip
    responses = []
    for n, (person, ave, safe, risks, officers, arrived, police, departed, follow) in enumerate(
        specs
    ):
        incident = IncidentFactory(number=f"M{n}", person=person, reported_at=DAY)
        responses.append(
            a_response(
                nurse,
                incident,
                ave_on_arrival=ave,
                safety_person=safe,
                risks=risks,
                police_officers=officers,
                arrived_at=arrived,
                police_departed_at=police,
                departed_at=departed,
                follow_up_needed=follow,
                outcome=term("outcome", "stayed_home"),
            )
        )
    a_response(nurse, IncidentFactory(number="APRIL", reported_at=DAY + dt.timedelta(days=30)))
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    a_response(
        persona("outsider"),
        IncidentFactory(
            number="ELSE",
            programme=wijk_ggd,
            municipality=wijk_ggd.municipalities.first(),
            reported_at=DAY,
        ),
    )
    trajectory = Trajectory.objects.get(response=responses[0])
    followup.set_direction(
        coordinator, trajectory, followup.DirectionKind.CASE,
        Organisation.objects.get(slug="wij-groningen"), None, "Start",
    )  # fmt: skip
    followup.add_contact(
        coordinator, trajectory, at=at(0) + dt.timedelta(days=2),
        kind=term("contact_kind", "consultation"), with_whom="partner",
        partner=Organisation.objects.get(slug="lentis"), with_peer_expert=False,
        activities=[], result="", by_organisation=None,
    )  # fmt: skip
    return responses


def test_every_figure_as_counted_by_hand(five, hotspot) -> None:
    figures = factsheet(Scope(hotspot, *MARCH))
    assert figures["definitions"] == "v1"
    assert figures["situations"] == 5
    ave = figures["ave_levels"]
    assert [ave[level]["count"] for level in "1234"] == [1, 0, 2, 1]
    assert ave["unknown"]["count"] == 1
    assert [ave[level]["share"] for level in "1234"] == [0.25, 0.0, 0.5, 0.25]
    person = figures["safety"]["person"]
    assert [person[c]["count"] for c in ("none", "limited", "reasonable", "full")] == [1, 1, 1, 1]
    assert person["unknown"]["count"] == 1
    assert person["reasonable_or_full_share"] == 0.5
    # Four risks each in two responses: the vocabulary's order breaks the tie.
    assert [(t["code"], t["count"]) for t in figures["top_risks"]] == [
        ("verbal_aggression", 2),
        ("physical_aggression", 2),
        ("suicide_attempt", 2),
    ]
    # 2 × 30 (police left first), 1 × 45 (seconds dropped), 3 × 60; two not measurable.
    assert figures["police_minutes"] == {"total": 285, "median": 60.0, "responses_measured": 3}
    assert figures["on_site_minutes"] == {"median": 52.5, "responses_measured": 4}
    assert figures["persons"] == {
        "distinct": 2,
        "repeat_persons": 1,
        "responses_of_repeat_persons": 2,
        "unknown": {"count": 2},
    }
    assert figures["outcomes"]["stayed_home"]["count"] == 5
    assert figures["outcomes"]["hospital"]["count"] == 0
    assert figures["follow_up"] == {
        "responses_with_trajectory": 1,
        "with_direction_holder": 1,
        "closed": 0,
        "time_to_care": {"median_days": 2.0, "trajectories_measured": 1},
    }


def test_period_is_local_dates_inclusive(persona, hotspot) -> None:
    # 23:30 on 31 March in Amsterdam (summer time) is 21:30 UTC.
    late = dt.datetime(2026, 3, 31, 21, 30, tzinfo=dt.UTC)
    a_response(persona("triage_nurse"), IncidentFactory(reported_at=late), arrived_at=late)
    assert factsheet(Scope(hotspot, *MARCH))["situations"] == 1
    april = Scope(hotspot, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert factsheet(april)["situations"] == 0


def test_no_data_gives_zeros_and_no_shares(hotspot) -> None:
    figures = factsheet(Scope(hotspot, *MARCH))
    assert figures["situations"] == 0
    assert figures["ave_levels"]["3"] == {"count": 0, "share": None}
    assert figures["police_minutes"] == {"total": 0, "median": None, "responses_measured": 0}
    assert figures["top_risks"] == []


def test_publication_suppresses_small_cells_and_keeps_zeros(five, hotspot) -> None:
    exact = factsheet(Scope(hotspot, *MARCH))
    published = suppress(exact, limit=5)
    assert published["ave_levels"]["3"] == {"count": None, "suppressed": True}
    # Zeros stay; shares of a group with a withheld cell are withheld (publication.py).
    assert published["ave_levels"]["2"] == {"count": 0}
    assert published["situations"] == 5
    assert published["persons"]["distinct"] == {"count": None, "suppressed": True}
    assert exact["ave_levels"]["3"]["count"] == 2  # the exact figures are left untouched


def test_command_prints_json_and_publishes(five, tmp_path) -> None:
    out = StringIO()
    call_command(
        "factsheet", "--programme", "groninger-hotspot", "--from", "2026-03-01",
        "--to", "2026-03-31", "--format", "json", stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue())["situations"] == 5
    target = tmp_path / "published.json"
    call_command(
        "factsheet", "--programme", "groninger-hotspot", "--from", "2026-03-01",
        "--to", "2026-03-31", "--publish", "--output", str(target),
    )  # fmt: skip
    assert json.loads(target.read_text())["ave_levels"]["1"]["suppressed"] is True


def test_figures_cost_a_fixed_number_of_queries(
    five, hotspot, django_assert_max_num_queries
) -> None:
    refresh_facts()  # the facts of the five new responses: counted in test_facts.py
    # 20, and 3 for the experience section (grip.experience.indicators: one pass over the
    # askings, the stories, the relatives' support).
    with django_assert_max_num_queries(23):
        factsheet(Scope(hotspot, *MARCH))


def test_half_past_midnight_on_new_years_day_belongs_to_the_new_year(persona, hotspot) -> None:
    # 00:30 on 1 January in Amsterdam (winter time) is 23:30 UTC on 31 December.
    moment = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    a_response(persona("triage_nurse"), IncidentFactory(reported_at=moment), arrived_at=moment)
    new_year = Scope(hotspot, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    old_year = Scope(hotspot, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert factsheet(new_year)["situations"] == 1
    assert factsheet(old_year)["situations"] == 0
