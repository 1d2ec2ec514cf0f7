"""Small cells, complementary suppression and the plain-Dutch sentences (hand-built figures)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from grip.monitor.publication import suppress
from grip.monitor.wording import band, safety_sentence, unknown_sentence


def ave(counts: dict[str, int]) -> dict[str, Any]:
    known = sum(counts[level] for level in "1234")
    figure: dict[str, Any] = {
        level: {"count": counts[level], "share": counts[level] / known if known else None}
        for level in "1234"
    }
    figure["unknown"] = {"count": counts["unknown"]}
    return figure


def sheet(counts: dict[str, int]) -> dict[str, Any]:
    return {"situations": sum(counts.values()), "ave_levels": ave(counts)}


def shown(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value["count"] for key, value in figures["ave_levels"].items()}


def test_one_small_cell_takes_the_smallest_other_with_it() -> None:
    published = suppress(sheet({"1": 3, "2": 40, "3": 30, "4": 12, "unknown": 0}), limit=5)
    # 3 alone could be recovered as 85 − 40 − 30 − 12 − 0: level 4 (the smallest) goes too.
    assert shown(published) == {"1": None, "2": 40, "3": 30, "4": None, "unknown": 0}
    assert published["ave_levels"]["2"] == {"count": 40}  # shares withheld in the group
    assert published["situations"] == 85


def test_withheld_cells_together_reach_the_threshold() -> None:
    # 1 and 2 are small and together only 3: one more cell must go.
    published = suppress(sheet({"1": 1, "2": 2, "3": 30, "4": 12, "unknown": 9}), limit=5)
    assert shown(published) == {"1": None, "2": None, "3": 30, "4": 12, "unknown": None}


def test_zeros_are_shown_and_never_taken_as_complement() -> None:
    published = suppress(sheet({"1": 0, "2": 4, "3": 0, "4": 20, "unknown": 0}), limit=5)
    assert shown(published) == {"1": 0, "2": None, "3": 0, "4": None, "unknown": 0}


def test_nothing_small_keeps_every_share() -> None:
    published = suppress(sheet({"1": 5, "2": 5, "3": 10, "4": 0, "unknown": 6}), limit=5)
    assert published["ave_levels"]["3"] == {"count": 10, "share": 0.5}
    assert published["suppression"] == {"threshold": 5}


@pytest.mark.parametrize(
    ("share", "code"),
    [(1.0, "all"), (0.51, "more_than_half"), (0.5, "half"), (0.2, "less"), (0.0, "none"),
     (None, None)],
)  # fmt: skip
def test_bands(share, code) -> None:
    assert band(share) == code


def safety(none: int, limited: int, reasonable: int, full: int, unknown: int) -> dict[str, Any]:
    known = none + limited + reasonable + full
    return {
        "none": {"count": none},
        "limited": {"count": limited},
        "reasonable": {"count": reasonable},
        "full": {"count": full},
        "unknown": {"count": unknown},
        "reasonable_or_full_share": (reasonable + full) / known if known else None,
    }


def test_more_than_half_is_only_said_when_true() -> None:
    with translation.override("nl"):
        yes = safety_sentence(safety(2, 2, 3, 3, 0), "person")
        no = safety_sentence(safety(3, 2, 3, 2, 0), "person")
        less = safety_sentence(safety(5, 2, 2, 1, 7), "surroundings")
        nothing = safety_sentence(safety(0, 0, 0, 0, 4), "person")
    assert "in meer dan de helft van de gevallen (60%)" in yes
    assert "meer dan de helft" not in no
    assert "in precies de helft van de gevallen (50%)" in no
    assert "de omgeving in minder dan de helft van de gevallen (30%)" in less
    assert (
        nothing == "Bij geen enkele situatie is de veiligheid van de persoon bij vertrek ingeschat."
    )


def test_a_withheld_share_keeps_its_band_but_says_no_number() -> None:
    exact = {"situations": 40, "safety": {"person": safety(2, 8, 20, 10, 0)}}
    published = suppress(exact, limit=5)["safety"]["person"]
    assert published["reasonable_or_full_share"] is None
    assert published["reasonable_or_full_band"] == "more_than_half"
    with translation.override("nl"):
        sentence = safety_sentence(published, "person")
    assert "in meer dan de helft van de gevallen in redelijke" in sentence
    assert "%" not in sentence


def test_unknowns_are_named() -> None:
    with translation.override("nl"):
        assert unknown_sentence(safety(1, 1, 1, 1, 0), 5) == "Bij alle situaties is dit ingeschat."
        assert "Bij 7 situaties is dit niet ingeschat" in unknown_sentence(safety(1, 1, 1, 1, 7), 5)
        withheld = {"unknown": {"count": None, "suppressed": True}}
        assert unknown_sentence(withheld, 5) == "Bij minder dan 5 situaties is dit niet ingeschat."
