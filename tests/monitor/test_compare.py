"""Two periods side by side: the change per figure, absolute and in percentage points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.monitor.compare import compare
from grip.monitor.forms import period_presets
from tests.monitor.test_indicators import five  # noqa: F401 - the hand-counted March data

pytestmark = pytest.mark.django_db


def by_label(lines):  # type: ignore[no-untyped-def]
    return {line.label: line for line in lines}


@pytest.mark.usefixtures("five")
def test_february_against_march(client_for) -> None:
    response = client_for("coordinator").get(
        reverse("monitor:compare"),
        {
            "programme": "groninger-hotspot",
            "a_from": "2026-02-01", "a_to": "2026-02-28",
            "b_preset": "2026-01-01..2026-03-31",
        },
    )  # fmt: skip
    assert response.status_code == 200
    lines = by_label(response.context["lines"])
    assert (lines["Aantal situaties"].a, lines["Aantal situaties"].b) == ("0", "5")
    assert lines["Aantal situaties"].change == "+5"
    # AVE 3 share: none known in February, 50% in Q1: no change can be given.
    assert lines["aandeel AVE 3 · rood"].change == "–"


def test_changes_read_as_counts_and_percentage_points() -> None:
    def figures(situations: int, share: float, median: float | None):  # type: ignore[no-untyped-def]
        level = {"count": situations, "share": share}
        safety = {c: {"count": 0} for c in ("none", "limited", "reasonable", "full")}
        safety.update(unknown={"count": 0}, reasonable_or_full_share=share)
        return {
            "situations": situations,
            "ave_levels": {"1": level, "2": level, "3": level, "4": level, "unknown": {"count": 0}},
            "safety": {"person": safety, "surroundings": safety},
            "police_minutes": {"total": 100, "median": median},
            "on_site_minutes": {"median": median},
            "follow_up": {
                "time_to_care": {"median_days": median},
                "responses_with_trajectory": 3, "with_direction_holder": 2, "closed": 1,
            },
            "persons": {"distinct": 4, "repeat_persons": 1, "responses_of_repeat_persons": 2},
        }  # fmt: skip

    lines = by_label(compare(figures(10, 0.40, 30.0), figures(7, 0.55, None), limit=5))
    assert lines["Aantal situaties"].change == "−3"
    assert lines["persoon: redelijk of volledig veilig"].change == "+15 pp"
    assert lines["Tijd ter plaatse, mediaan (min)"].change == "–"
    withheld = {"count": None, "suppressed": True}
    a, b = figures(10, 0.4, 1.0), figures(10, 0.4, 1.0)
    b["persons"]["repeat_persons"] = withheld
    line = by_label(compare(a, b, limit=5))["Personen met twee of meer situaties"]
    assert (line.b, line.change) == ("<5", "–")


def test_presets_hold_learning_cycles_quarters_and_years(hotspot) -> None:
    import datetime as dt

    presets = dict(period_presets(hotspot, dt.date(2026, 5, 10)))
    assert presets["2026-04-01..2026-06-30"] == "2026 Q2"
    assert presets["2025-10-01..2025-12-31"] == "2025 Q4"
    assert presets["2025-01-01..2025-12-31"] == "2025"
    assert "2026-07-01..2026-09-30" not in presets  # not begun yet
