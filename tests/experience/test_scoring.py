"""The Pearlin short form against hand-computed answers (docs/indicators.md)."""

from __future__ import annotations

import pytest

from grip.experience import scoring


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        # All "helemaal mee eens": items 1–4 give 1 each, item 5 (reversed) gives 6−1 = 5.
        ((1, 1, 1, 1, 1), 9),
        # All "helemaal mee oneens": 5+5+5+5 and item 5 reversed 6−5 = 1.
        ((5, 5, 5, 5, 5), 21),
        # Most control: disagree with the negatives, fully agree with item 5: 5·4 + 5.
        ((5, 5, 5, 5, 1), 25),
        # Least control: 1·4 + (6−5).
        ((1, 1, 1, 1, 5), 5),
        # Mixed: 2+4+3+5 + (6−2) = 18.
        ((2, 4, 3, 5, 2), 18),
        # One missing (item 3): 2+4+5+4 = 15 over four items, × 5/4 = 18.75 → 19.
        ((2, 4, None, 5, 2), 19),
        # One missing (item 5, the reversed one): 3+3+3+3 = 12, × 5/4 = 15.
        ((3, 3, 3, 3, None), 15),
        # Half rounds up: 1+1+1+3 = 6 (item 5 missing), × 5/4 = 7.5 → 8.
        ((1, 1, 1, 3, None), 8),
        # Two missing: no score.
        ((2, None, None, 5, 2), None),
        ((None, None, None, None, None), None),
    ],
)
def test_mastery_score_by_hand(answers: tuple[int | None, ...], score: int | None) -> None:
    assert scoring.mastery_score(answers) == score


def test_answers_off_the_scale_are_refused() -> None:
    with pytest.raises(ValueError, match="not on the scale"):
        scoring.mastery_score((0, 1, 1, 1, 1))
    with pytest.raises(ValueError, match="five items"):
        scoring.mastery_score((1, 1, 1, 1))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (5, "low"),
        (15, "low"),
        (16, "moderate"),
        (19, "moderate"),
        (20, "high"),
        (25, "high"),
        (None, "incomplete"),
    ],
)
def test_bands(score: int | None, band: str) -> None:
    assert scoring.band(score) == band
