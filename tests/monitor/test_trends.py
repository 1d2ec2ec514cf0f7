"""The dashboard's monthly series and open-trajectory signals, on hand-built data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from grip.followup import actions as followup
from grip.followup.models import Trajectory
from grip.monitor.trends import monthly, months_of, snapshot
from grip.network.models import Organisation
from grip.people.recurrence import Scope
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_months_of_a_period_cross_the_year() -> None:
    assert months_of(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [
        (2025, 11), (2025, 12), (2026, 1), (2026, 2),
    ]  # fmt: skip


@pytest.fixture
def winter(persona, hotspot):  # type: ignore[no-untyped-def]
    """December and January responses around the turn of the year (local time)."""
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    same = PersonFactory(programmes=[hotspot])

    def response(reported: dt.datetime, **overrides):  # type: ignore[no-untyped-def]
        incident = IncidentFactory(reported_at=reported, person=overrides.pop("person", None))
        return a_response(nurse, incident, arrived_at=reported, **overrides)

    # 31 Dec 23:30 UTC is 00:30 on 1 January in Amsterdam: a January response.
    new_year = dt.datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    december = dt.datetime(2025, 12, 10, 12, 0, tzinfo=UTC)
    rows = [
        response(december, person=same, ave_on_arrival=2, police_officers=2,
                 departed_at=december + dt.timedelta(minutes=30), follow_up_needed=True),
        response(december + dt.timedelta(days=3), person=same, ave_on_arrival=None,
                 safety_person=None, police_officers=None,
                 departed_at=december + dt.timedelta(days=3, minutes=10), follow_up_needed=True),
        response(new_year, person=same, ave_on_arrival=4, police_officers=1,
                 departed_at=new_year + dt.timedelta(minutes=45, seconds=59),
                 safety_person=term("safety", "none"), follow_up_needed=True),
    ]  # fmt: skip
    trajectories = [Trajectory.objects.get(response=row) for row in rows]
    care = term("contact_kind", "consultation")  # counts as care by default
    # Time to care in December: 1 day and 3 days (median of an even count: 2 days).
    for trajectory, days in zip(trajectories[:2], (1, 3), strict=True):
        followup.add_contact(
            coordinator, trajectory, at=trajectory.response.arrived_at + dt.timedelta(days=days),
            kind=care, with_whom="person", partner=None, with_peer_expert=False,
            activities=[], result="", by_organisation=None,
        )  # fmt: skip
    return rows


def test_monthly_series_by_local_month(winter, hotspot) -> None:
    rows = monthly(Scope(hotspot, dt.date(2025, 12, 1), dt.date(2026, 2, 28)))
    december, january, february = rows
    assert [(r.year, r.month) for r in rows] == [(2025, 12), (2026, 1), (2026, 2)]
    assert (december.situations, january.situations, february.situations) == (2, 1, 0)
    assert december.ave == {"1": 0, "2": 1, "3": 0, "4": 0, "unknown": 1}
    assert january.ave["4"] == 1
    assert december.safety_person["unknown"] == 1
    assert january.safety_person["none"] == 1
    assert january.safe_share("person") == 0.0
    assert december.safe_share("surroundings") == 1.0
    # 2 officers × 30 min in December (one not measurable); 1 × 45 (seconds dropped) in January.
    assert (december.police_minutes, december.police_measured) == (60, 1)
    assert (january.police_minutes, january.police_measured) == (45, 1)
    # Repeat persons are counted within the month: two responses in December, one in January.
    assert (december.repeat_persons, december.responses_of_repeat_persons) == (1, 2)
    assert january.repeat_persons == 0
    assert december.care_median_days == 2.0
    assert december.care_measured == 2
    assert january.care_median_days is None
    assert february.ave == {}  # no data: the template shows zeros


def test_monthly_series_cost_a_fixed_number_of_queries(
    winter, hotspot, django_assert_max_num_queries
) -> None:
    # Six for the responses and trajectories, four at most for the signals (their result
    # codes, counts per month, pick-ups per day and the pick-up terms).
    with django_assert_max_num_queries(10):
        monthly(Scope(hotspot, dt.date(2025, 1, 1), dt.date(2026, 12, 31)))


def test_trajectories_opened_and_signals_now(winter, hotspot, persona) -> None:
    scope = Scope(hotspot, dt.date(2025, 12, 1), dt.date(2026, 1, 31))
    opened = sum(row.trajectories_opened for row in monthly(scope))
    assert opened == 0  # opened "now" (outside the period) by the test's clock
    followup.set_direction(
        persona("coordinator"), Trajectory.objects.get(response=winter[0]),
        followup.DirectionKind.CASE, Organisation.objects.get(slug="wij-groningen"), None, "Start",
    )  # fmt: skip
    # A month from now none of them had a recent contact (one never had any).
    now = snapshot(scope, now=timezone.now() + dt.timedelta(days=30))
    assert now.open_trajectories == 3
    signals = {signal.code: signal.count for signal in now.signals}
    assert signals["no_case_direction"] == 2
    assert signals["no_recent_contact"] == 3
    assert signals["revolving_door"] == 0


def test_revolving_door_signal_counts_open_trajectories_of_frequent_persons(
    persona, hotspot
) -> None:
    nurse = persona("triage_nurse")
    frequent = PersonFactory(programmes=[hotspot])
    now = timezone.now()
    for days in (3, 10, 20):
        reported = now - dt.timedelta(days=days)
        incident = IncidentFactory(reported_at=reported, person=frequent)
        a_response(
            nurse,
            incident,
            arrived_at=reported,
            departed_at=reported + dt.timedelta(hours=1),
            follow_up_needed=days == 3,  # one open trajectory, for the latest report
        )
    today = timezone.localdate()
    found = snapshot(Scope(hotspot, today - dt.timedelta(days=30), today))
    signals = {signal.code: signal.count for signal in found.signals}
    assert found.open_trajectories == 1
    assert signals["revolving_door"] == 1


def test_a_month_the_period_cuts_says_which_days_it_holds(hotspot) -> None:
    """A month in progress must not read as a full month (its counts drop): its label names
    the days the period holds, in the table and on the chart's axis."""
    rows = monthly(Scope(hotspot, dt.date(2025, 12, 15), dt.date(2026, 2, 7)))
    assert [row.label for row in rows] == ["12-2025 (15–31)", "01-2026", "02-2026 (1–7)"]
    whole = monthly(Scope(hotspot, dt.date(2024, 2, 1), dt.date(2024, 2, 29)))
    assert [row.label for row in whole] == ["02-2024"]  # a leap year's February, whole


def test_chart_axes_count_in_whole_steps_and_dutch_numbers() -> None:
    import base64
    import re

    from django.utils import translation

    from grip.monitor import charts

    def axis(chart: charts.Chart) -> list[str]:
        svg = base64.b64decode(chart.src.split(",", 1)[1]).decode()
        return re.findall(r"<text[^>]*>([0-9.,]+)</text>", svg)

    with translation.override("nl"):
        few = axis(charts.lines(["01-2026", "02-2026"], [("personen", [0, 2])], "alt"))
        many = axis(charts.lines(["01-2026", "02-2026"], [("minuten", [3041, 3908])], "alt"))
        assert charts.dutch_number(14.125) == "14,1"
    assert "0,5" not in few
    assert "0.5" not in few
    assert {"0", "1", "2"} <= set(few)
    assert "1.200" in many  # thousands grouped as the tables group them
