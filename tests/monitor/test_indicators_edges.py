"""Indicator definitions v1 at their edges, and the national scope, on hand-built data.

``test_indicators.py`` counts one March by hand; these fill the gaps the issue names: the
time-zone edge of a new year, medians of even counts, unknown outcomes, ties and short top
lists, areas, closed trajectories, the suppression threshold's edge, and the national figures
(every programme together) with known answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from grip.followup import actions as followup
from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.monitor.indicators import factsheet, national_factsheet
from grip.monitor.publication import suppress
from grip.monitor.refresh import refresh_facts
from grip.network.models import Area, Organisation, Programme
from grip.people.recurrence import Scope
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
NOON = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC)


def respond(actor: Any, at: dt.datetime = NOON, programme: Programme | None = None,
            **fields: Any) -> Response:  # fmt: skip
    """A response with nothing recorded unless given: every figure starts from unknown."""
    incident_fields: dict[str, Any] = {"reported_at": at}
    for name in ("person", "area"):
        if name in fields:
            incident_fields[name] = fields.pop(name)
    if programme is not None:
        incident_fields["programme"] = programme
        incident_fields["municipality"] = programme.municipalities.order_by("pk").first()
    empty: dict[str, Any] = {
        "police_officers": None, "arrived_at": None, "departed_at": None,
        "ave_on_arrival": None, "ave_on_leaving": None, "risks": [], "interventions": [],
        "safety_person": None, "safety_surroundings": None, "outcome": None,
        "follow_up_needed": False,
    }  # fmt: skip
    return a_response(actor, IncidentFactory(**incident_fields), **{**empty, **fields})


def test_half_past_midnight_on_new_years_day_is_the_new_year(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    # 00:30 local on 1 January 2026 is 23:30 UTC on 31 December 2025 (winter time, +01:00).
    respond(nurse, dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC))
    # 23:59 local on 31 December 2025 is 22:59 UTC: still the old year.
    respond(nurse, dt.datetime(2025, 12, 31, 22, 59, tzinfo=dt.UTC))
    assert factsheet(Scope(hotspot, *YEAR_2026))["situations"] == 1
    assert factsheet(Scope(hotspot, *YEAR_2025))["situations"] == 1
    assert national_factsheet(*YEAR_2026)["situations"] == 1


def test_medians_of_even_counts_are_the_mean_of_the_middle_two(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    start = NOON + dt.timedelta(minutes=10)
    # police minutes: 1×10, 1×20, 2×15, 1×41 → 10, 20, 30, 41: median (20 + 30) / 2 = 25
    for officers, span in ((1, 10), (1, 20), (2, 15), (1, 41)):
        respond(nurse, police_officers=officers, arrived_at=start,
                departed_at=start + dt.timedelta(minutes=span, seconds=59))  # fmt: skip
    figures = factsheet(Scope(hotspot, *YEAR_2026))
    assert figures["police_minutes"] == {"total": 101, "median": 25.0, "responses_measured": 4}
    # on site: 10, 20, 15, 41 → sorted 10, 15, 20, 41: median 17.5
    assert figures["on_site_minutes"] == {"median": 17.5, "responses_measured": 4}


def test_time_to_care_median_of_two_and_closed_trajectories(persona, hotspot) -> None:
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    arrived = NOON + dt.timedelta(minutes=10)
    lentis = Organisation.objects.get(slug="lentis")
    for days, close in ((1, True), (4, False), (None, False)):
        response = respond(nurse, arrived_at=arrived, follow_up_needed=True)
        trajectory = Trajectory.objects.get(response=response)
        if days is not None:
            followup.add_contact(
                coordinator, trajectory, at=arrived + dt.timedelta(days=days),
                kind=term("contact_kind", "consultation"), with_whom="partner", partner=lentis,
                with_peer_expert=False, activities=[], result="", by_organisation=None,
            )  # fmt: skip
        if close:
            followup.close_trajectory(
                coordinator, trajectory, reason=term("closure_reason", "stabilised")
            )
    follow = factsheet(Scope(hotspot, *YEAR_2026))["follow_up"]
    assert follow["responses_with_trajectory"] == 3
    assert follow["closed"] == 1
    assert follow["with_direction_holder"] == 0
    # (1 + 4) / 2 days; the trajectory without a care contact is not measured.
    assert follow["time_to_care"] == {"median_days": 2.5, "trajectories_measured": 2}


def test_unknown_outcomes_and_safety_are_counted_not_dropped(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    respond(nurse, outcome=term("outcome", "hospital"), safety_surroundings=term("safety", "none"))
    respond(nurse)
    respond(nurse)
    figures = factsheet(Scope(hotspot, *YEAR_2026))
    assert figures["outcomes"]["hospital"] == {"count": 1}
    assert figures["outcomes"]["unknown"] == {"count": 2}
    assert sum(entry["count"] for entry in figures["outcomes"].values()) == 3
    surroundings = figures["safety"]["surroundings"]
    assert surroundings["unknown"] == {"count": 2}
    assert surroundings["none"] == {"count": 1, "share": 1.0}
    assert surroundings["reasonable_or_full_share"] == 0.0
    assert figures["safety"]["person"]["reasonable_or_full_share"] is None  # nothing known
    assert figures["ave_levels"]["unknown"] == {"count": 3}
    assert figures["persons"]["unknown"] == {"count": 3}


def test_ties_go_to_the_vocabulary_order_and_short_lists_stay_short(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    i = lambda code: term("intervention", code)  # noqa: E731
    # no_action is listed last, state_assessed first: at equal counts the first listed wins,
    # whatever the order of recording.
    respond(nurse, interventions=[i("no_action"), i("peer_expert")])
    respond(nurse, interventions=[i("no_action"), i("state_assessed"), i("peer_expert")])
    respond(nurse, interventions=[i("state_assessed"), i("deescalated")])
    respond(nurse, bottlenecks=[term("bottleneck", "no_bed")])
    figures = factsheet(Scope(hotspot, *YEAR_2026))
    assert [(t["code"], t["count"]) for t in figures["top_interventions"]] == [
        ("state_assessed", 2),
        ("peer_expert", 2),
        ("no_action", 2),
    ]
    assert figures["top_bottlenecks"] == [
        {"code": "no_bed", "label": term("bottleneck", "no_bed").label, "count": 1}
    ]
    assert figures["top_risks"] == []


def test_areas_narrow_the_scope(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    centrum = Area.objects.get(programme=hotspot, slug="centrum")
    north = Area.objects.get(programme=hotspot, slug="noordelijke-wijken")
    respond(nurse, area=centrum, ave_on_arrival=4)
    respond(nurse, area=north, ave_on_arrival=2)
    respond(nurse, ave_on_arrival=1)
    assert factsheet(Scope(hotspot, *YEAR_2026))["situations"] == 3
    only_centrum = factsheet(Scope(hotspot, *YEAR_2026, areas=(centrum,)))
    assert only_centrum["situations"] == 1
    assert only_centrum["areas"] == ["centrum"]
    assert only_centrum["ave_levels"]["4"] == {"count": 1, "share": 1.0}
    both = factsheet(Scope(hotspot, *YEAR_2026, areas=(centrum, north)))
    assert both["situations"] == 2


def test_suppression_threshold_edge(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    for _ in range(5):
        respond(nurse, ave_on_arrival=3)
    for _ in range(4):
        respond(nurse, ave_on_arrival=2)
    for _ in range(3):
        respond(nurse, ave_on_arrival=4)
    published = suppress(factsheet(Scope(hotspot, *YEAR_2026)), limit=5)
    assert published["situations"] == 12
    # Two cells below the threshold hide each other (no complementary cell needed), so the
    # cell at the threshold stays; shares in a group with a hidden cell are withheld.
    assert published["ave_levels"]["3"]["count"] == 5  # at the threshold: shown
    assert published["ave_levels"]["2"] == {"count": None, "suppressed": True}  # below: withheld
    assert published["ave_levels"]["4"] == {"count": None, "suppressed": True}
    assert published["ave_levels"]["1"]["count"] == 0  # zero: shown
    assert published["police_minutes"]["responses_measured"] == 0


@pytest.fixture
def two_programmes(persona, hotspot):  # type: ignore[no-untyped-def]
    """Hotspot: 3 responses (one person twice); Wijk-GGD'ers: 2 (a person seen in both)."""
    nurse, outsider = persona("triage_nurse"), persona("outsider")
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    both = PersonFactory(programmes=[hotspot, wijk_ggd])
    r = lambda code: term("risk", code)  # noqa: E731
    start = NOON + dt.timedelta(minutes=5)
    respond(nurse, person=both, ave_on_arrival=3, risks=[r("weapon")], police_officers=2,
            arrived_at=start, departed_at=start + dt.timedelta(minutes=30),
            outcome=term("outcome", "stayed_home"))  # fmt: skip
    respond(nurse, person=both, ave_on_arrival=4, risks=[r("weapon"), r("psychosis")])
    respond(nurse, ave_on_arrival=None, safety_person=term("safety", "full"))
    respond(outsider, programme=wijk_ggd, person=both, ave_on_arrival=3, risks=[r("psychosis")],
            police_officers=1, arrived_at=start, departed_at=start + dt.timedelta(minutes=50),
            safety_person=term("safety", "limited"))  # fmt: skip
    respond(outsider, programme=wijk_ggd, ave_on_arrival=1, risks=[r("psychosis")])
    # Outside the period: a year earlier, in both programmes.
    respond(nurse, at=NOON - dt.timedelta(days=365))
    respond(outsider, at=NOON - dt.timedelta(days=365), programme=wijk_ggd)
    return wijk_ggd


def test_national_figures_count_every_programme_together(two_programmes) -> None:
    figures = national_factsheet(*YEAR_2026)
    assert figures["programme"] is None
    assert figures["situations"] == 5
    ave = figures["ave_levels"]
    assert [ave[level]["count"] for level in "1234"] == [1, 0, 2, 1]
    assert ave["unknown"]["count"] == 1
    assert [ave[level]["share"] for level in "1234"] == [0.25, 0.0, 0.5, 0.25]
    assert [(t["code"], t["count"]) for t in figures["top_risks"]] == [
        ("psychosis", 3),
        ("weapon", 2),
    ]
    # 2 × 30 and 1 × 50 minutes: total 110, median of two (60 + 50) / 2.
    assert figures["police_minutes"] == {"total": 110, "median": 55.0, "responses_measured": 2}
    assert figures["on_site_minutes"] == {"median": 40.0, "responses_measured": 2}
    # One person in both programmes: three responses, counted once as a repeat person.
    assert figures["persons"] == {
        "distinct": 1,
        "repeat_persons": 1,
        "responses_of_repeat_persons": 3,
        "unknown": {"count": 2},
    }
    person = figures["safety"]["person"]
    assert (person["full"]["count"], person["limited"]["count"]) == (1, 1)
    assert person["reasonable_or_full_share"] == 0.5


def test_national_equals_the_sum_of_the_programmes_where_it_should(two_programmes, hotspot) -> None:
    national = national_factsheet(*YEAR_2026)
    parts = [factsheet(Scope(p, *YEAR_2026)) for p in (hotspot, two_programmes)]
    assert national["situations"] == sum(p["situations"] for p in parts)
    for level in ("1", "2", "3", "4", "unknown"):
        assert national["ave_levels"][level]["count"] == sum(
            p["ave_levels"][level]["count"] for p in parts
        )
    assert national["police_minutes"]["total"] == sum(p["police_minutes"]["total"] for p in parts)
    # Persons are not additive: the same person in two programmes is one person nationally.
    assert sum(p["persons"]["distinct"] for p in parts) == 2
    assert national["persons"]["distinct"] == 1
    assert Incident.objects.count() == 7


def test_national_scope_has_no_areas(hotspot) -> None:
    centrum = Area.objects.get(programme=hotspot, slug="centrum")
    with pytest.raises(ValueError, match="Areas belong to one programme"):
        factsheet(Scope(None, *YEAR_2026, areas=(centrum,)))


def test_national_figures_cost_a_fixed_number_of_queries(
    two_programmes, django_assert_max_num_queries
) -> None:
    refresh_facts()  # the new responses' facts: counted in test_facts.py
    with django_assert_max_num_queries(20):
        national_factsheet(*YEAR_2026)
