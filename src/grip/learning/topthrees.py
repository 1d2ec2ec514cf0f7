"""The reflection top threes the monitor's factsheet shows.

A theme is *mentioned* in a session when one of the session's outcomes (a positive point or a
learning point), one of its turning points or one of the experience stories put on it (ADR
0110) carries it; it counts once per session however
often it comes up. The top three of each kind are the themes mentioned in the most sessions
held in the period; ties go to the theme listed first in the vocabulary (``position``, then
code). Each theme carries the facilitator's one-line wording for the period, if any.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from grip.learning.models import (
    ReflectionSession,
    SessionOutcome,
    SessionStory,
    ThemeWording,
    TurningPoint,
)
from grip.network.models import Programme
from grip.vocab.models import Term, Vocabulary

TOP = 3


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
    return {
        "top_positive": top_themes(programme, Vocabulary.THEME_POSITIVE, date_from, date_to),
        "top_learning": top_themes(programme, Vocabulary.THEME_LEARNING, date_from, date_to),
    }


def theme_counts(
    programme: Programme, vocabulary: Vocabulary, date_from: dt.date, date_to: dt.date
) -> list[tuple[Term, int]]:
    """Every theme of the vocabulary mentioned in the period, with its number of sessions,
    most first, ties in vocabulary order. One query: a correlated count per theme."""
    theme = OuterRef(OuterRef("pk"))
    mentioning = (
        ReflectionSession.objects.filter(
            programme=programme, held_on__gte=date_from, held_on__lte=date_to
        )
        .filter(
            Q(Exists(SessionOutcome.objects.filter(session=OuterRef("pk"), theme=theme)))
            | Q(Exists(TurningPoint.objects.filter(case__session=OuterRef("pk"), themes=theme)))
            | Q(Exists(SessionStory.objects.filter(session=OuterRef("pk"), story__themes=theme)))
        )
        .order_by()
        .values("programme")
        .annotate(sessions=Count("pk"))
        .values("sessions")
    )
    terms = (
        Term.objects.of(vocabulary)
        .annotate(sessions=Coalesce(Subquery(mentioning, output_field=IntegerField()), Value(0)))
        .filter(sessions__gt=0)
        .order_by("-sessions", "position", "code")
    )
    return [(term, term.sessions) for term in terms]


def top_themes(
    programme: Programme, vocabulary: Vocabulary, date_from: dt.date, date_to: dt.date
) -> list[ThemeCount]:
    counted = theme_counts(programme, vocabulary, date_from, date_to)[:TOP]
    wordings = wordings_for(programme, [term.pk for term, _count in counted], date_from, date_to)
    return [
        {
            "code": term.code,
            "label": term.display_label,
            "count": count,
            "wording": wordings.get(term.pk, ""),
        }
        for term, count in counted
    ]


def wordings_for(
    programme: Programme, theme_ids: list[int], date_from: dt.date, date_to: dt.date
) -> dict[int, str]:
    """The wording for exactly this period; failing that, the latest one written for a
    period inside it (a factsheet year picks up its cycles' wordings)."""
    rows = (
        ThemeWording.objects.filter(
            programme=programme,
            theme__in=theme_ids,
            date_from__gte=date_from,
            date_to__lte=date_to,
        )
        .order_by("date_to", "updated_at")
        .values_list("theme_id", "date_from", "date_to", "wording")
    )
    found: dict[int, str] = {}
    exact: dict[int, str] = {}
    for theme_id, start, end, wording in rows:
        found[theme_id] = wording  # later periods overwrite earlier ones
        if (start, end) == (date_from, date_to):
            exact[theme_id] = wording
    return found | exact
