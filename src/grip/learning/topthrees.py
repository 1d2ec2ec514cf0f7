"""The reflection top threes the monitor's factsheet shows.

Interface only for now: the learning app's sessions (issue 7) fill it. Until they land there
are no sessions, so there is nothing to count and both lists are empty, which is the truth.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from grip.network.models import Programme


class ThemeCount(TypedDict):
    code: str
    label: str
    count: int  # sessions in which the theme was mentioned
    wording: str  # the facilitator's one-line wording, "" when none


class TopThrees(TypedDict):
    top_positive: list[ThemeCount]
    top_learning: list[ThemeCount]


def reflection_top_threes(programme: Programme, date_from: dt.date, date_to: dt.date) -> TopThrees:
    """The three positive and three learning themes of the sessions held in the period."""
    return {"top_positive": [], "top_learning": []}
