"""The "Ervaren regie en veiligheid" figures against hand-counted answers, in the factsheet
JSON (key ``experience``) and on the page, with small cells withheld when published."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from grip.experience import actions
from grip.experience.actions import Answers
from grip.experience.indicators import experience_figures
from grip.monitor.indicators import Scope, factsheet
from grip.monitor.publication import suppress
from tests.experience.helpers import held_trajectory
from tests.factories import PersonFactory
from tests.followup.helpers import a_trajectory, org

pytestmark = pytest.mark.django_db

# Control: (2,4,3,5,2) → 18 "moderate"; (1,1,1,1,5) → 5 "low"; (5,5,5,5,1) → 25 "high".
MODERATE, LOW, HIGH = (2, 4, 3, 5, 2), (1, 1, 1, 1, 5), (5, 5, 5, 5, 1)


def _ask(worker, trajectory, moment, items=None, home=None, buurt=None, status="answered"):  # type: ignore[no-untyped-def]
    return actions.record_answers(
        worker, trajectory, moment=moment, respondent="person",
        answers=Answers(status=status, items=items or (None,) * 5, safety_home=home,
                        safety_neighbourhood=buurt),
    )  # fmt: skip


def _trajectories(persona, hotspot, count: int):  # type: ignore[no-untyped-def]
    return [
        a_trajectory(
            persona("coordinator"),
            hotspot,
            case_organisation=org("wij-groningen"),
            person=PersonFactory(programmes=[hotspot]),
        )
        for _ in range(count)
    ]


def test_figures_by_hand(persona, hotspot) -> None:
    worker = persona("followup_worker")
    one, two, three, four = _trajectories(persona, hotspot, 4)
    start = timezone.now() - dt.timedelta(days=20)
    with time_machine.travel(start):
        _ask(worker, one, "start", LOW, home=4, buurt=6)
        _ask(worker, two, "start", MODERATE, home=8, buurt=5)
        _ask(worker, three, "start", status="declined")
        _ask(worker, four, "start", status="not_asked")
    # Closure: one improves in control (5 → 18) and at home (4 → 7), not in the buurt (6 → 6);
    # two gets less control (18 → 5) but is safer in the buurt (5 → 9); three has no start.
    _ask(worker, one, "closure", MODERATE, home=7, buurt=6)
    _ask(worker, two, "closure", LOW, home=8, buurt=9)
    _ask(worker, three, "closure", HIGH, home=9, buurt=None)
    # Two items open: answered, but no control score ("incomplete").
    _ask(worker, four, "closure", (1, None, None, 2, 3), home=None, buurt=3)
    actions.record_answers(
        worker, one, moment="contact", respondent="relative",
        answers=Answers(status="answered", safety_surroundings=5),
    )  # fmt: skip
    today = timezone.localdate()
    figures = experience_figures(hotspot, today - dt.timedelta(days=30), today)
    assert figures["asked"] == 8
    assert figures["answered"] == 6
    assert figures["declined"] == {"count": 1}
    assert figures["not_asked"] == {"count": 1}
    start_control = {key: cell["count"] for key, cell in figures["start"]["control"].items()}
    assert start_control == {
        "low": 1, "moderate": 1, "high": 0, "incomplete": 0, "declined": 1, "not_asked": 1
    }  # fmt: skip
    closure_control = {key: cell["count"] for key, cell in figures["closure"]["control"].items()}
    assert closure_control == {
        "low": 1, "moderate": 1, "high": 1, "incomplete": 1, "declined": 0, "not_asked": 0
    }  # fmt: skip
    home = {key: cell["count"] for key, cell in figures["closure"]["safety_home"].items()}
    assert home == {"1-5": 0, "6-7": 1, "8-10": 2, "unknown": 1, "declined": 0, "not_asked": 0}
    assert sum(start_control.values()) == figures["start"]["asked"] == 4
    improved = figures["improved"]
    for name in ("control", "safety_home", "safety_neighbourhood"):
        assert improved[name] == {"pairs": 2, "improved": {"count": 1, "share": 0.5}}, name
    assert figures["relatives"] == {"asked": 1, "answered": 1, "support_contacts": 0}
    assert "geen bewijs" in figures["note"]

    # In the factsheet JSON, and withheld when published (counts below 5).
    whole = factsheet(Scope(hotspot, today - dt.timedelta(days=30), today))
    assert whole["experience"]["asked"] == 8
    published = suppress(whole)["experience"]
    assert published["declined"] == {"count": None, "suppressed": True}
    assert published["improved"]["control"] == {
        "pairs": {"count": None, "suppressed": True},
        "improved": {"count": None, "suppressed": True},
    }
    # A withheld cell of a distribution cannot be recovered from the others.
    cells = published["start"]["control"]
    assert sum(1 for cell in cells.values() if cell.get("suppressed")) != 1


def test_factsheet_page_shows_the_section(persona, hotspot, client_for) -> None:
    trajectory = held_trajectory(persona, hotspot)
    _ask(persona("followup_worker"), trajectory, "start", MODERATE, home=7, buurt=6)
    today = timezone.localdate()
    page = client_for("coordinator").get(
        reverse("monitor:factsheet"),
        {"programme": hotspot.slug, "date_from": (today - dt.timedelta(days=7)).isoformat(),
         "date_to": today.isoformat()},
    )  # fmt: skip
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ervaren regie en veiligheid" in html
    assert "Samenhang, geen bewijs" in html


def test_dashboard_counts_per_month(persona, hotspot, client_for) -> None:
    trajectory = held_trajectory(persona, hotspot)
    worker = persona("followup_worker")
    _ask(worker, trajectory, "start", MODERATE, home=7, buurt=6)
    _ask(worker, trajectory, "contact", status="declined")
    today = timezone.localdate()
    page = client_for("coordinator").get(
        reverse("monitor:dashboard"),
        {"programme": hotspot.slug, "date_from": today.replace(day=1).isoformat(),
         "date_to": today.isoformat()},
    )  # fmt: skip
    assert page.status_code == 200
    rows = page.context["experience_rows"]
    assert len(rows) == 1
    assert {key: rows[0][key] for key in ("asked", "answered", "declined", "at_start")} == {
        "asked": 2, "answered": 1, "declined": 1, "at_start": 1,
    }  # fmt: skip
    assert "Gevraagd en beantwoord per maand" in page.content.decode()
