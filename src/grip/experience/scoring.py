"""Scoring of experienced control: the five-item Pearlin Mastery Scale short form
("regie over eigen leven", ADR 0110, docs/indicators.md).

Each item is answered on a five-point agreement scale, stored as given: 1 "helemaal mee eens"
… 5 "helemaal mee oneens". Items 1–4 are worded negatively, so disagreeing means control and
the stored value is already the item's control points. Item 5 is worded positively and is
reversed (6 − answer). The score is the sum, 5–25; higher is more control.

Missing items: a score is given when at most one item is missing, prorated (the sum of the four
answered items × 5/4, rounded half up to a whole number); with two or more missing there is no
score and the answer counts as ``incomplete``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ITEMS = 5
SCALE = (1, 2, 3, 4, 5)
REVERSED = frozenset({5})  # 1-based item numbers worded positively
MAX_MISSING = 1
LOWEST, HIGHEST = 5, 25

# Bands for the distribution (Grip's v1 choice, docs/indicators.md).
BANDS: tuple[tuple[str, int, int], ...] = (("low", 5, 15), ("moderate", 16, 19), ("high", 20, 25))


def item_points(number: int, answer: int) -> int:
    """Control points of one answered item (``number`` is 1-based)."""
    if answer not in SCALE:
        raise ValueError(f"answer {answer!r} is not on the scale 1–5")
    return 6 - answer if number in REVERSED else answer


def mastery_score(answers: Sequence[int | None]) -> int | None:
    """The score 5–25, prorated over one missing item; ``None`` with two or more missing."""
    if len(answers) != ITEMS:
        raise ValueError("the short form has five items")
    given = [(number, answer) for number, answer in enumerate(answers, 1) if answer is not None]
    if ITEMS - len(given) > MAX_MISSING:
        return None
    points = sum(item_points(number, answer) for number, answer in given)
    prorated = Decimal(points) * ITEMS / len(given)
    return int(prorated.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band(score: int | None) -> str:
    if score is None:
        return "incomplete"
    for name, low, high in BANDS:
        if low <= score <= high:
            return name
    raise ValueError(f"score {score} outside 5–25")


SAFETY_BANDS: tuple[tuple[str, int, int], ...] = (("1-5", 1, 5), ("6-7", 6, 7), ("8-10", 8, 10))


def safety_band(mark: int | None) -> str:
    if mark is None:
        return "unknown"
    for name, low, high in SAFETY_BANDS:
        if low <= mark <= high:
            return name
    raise ValueError(f"mark {mark} outside 1–10")
