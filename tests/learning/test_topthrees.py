"""Top threes: themes counted once per session, ties in vocabulary order, wordings."""

from __future__ import annotations

import datetime as dt

import pytest

from grip.learning import actions
from grip.learning.models import Effect, OutcomeKind
from grip.learning.topthrees import reflection_top_threes
from grip.vocab.models import Term, Vocabulary
from tests.learning.helpers import a_session, mention, response_with, theme

pytestmark = pytest.mark.django_db

P, L = OutcomeKind.POSITIVE, OutcomeKind.LEARNING
D = dt.date


def codes(rows: list) -> list[tuple[str, int]]:
    return [(row["code"], row["count"]) for row in rows]


def test_a_theme_counts_once_per_session_and_ties_go_to_vocabulary_order(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = a_session(coordinator, hotspot, held_on=D(2025, 10, 14))
    second = a_session(coordinator, hotspot, held_on=D(2025, 11, 18))
    third = a_session(coordinator, hotspot, held_on=D(2026, 1, 20))
    # Mentioned three times in one session: still one session.
    for _ in range(3):
        mention(coordinator, first, P, "value_of_peer_expertise")
    # Two sessions each: transparency (2nd in the vocabulary) before short lines (4th) and
    # value of peer expertise (5th) ... which has only one session anyway.
    for session in (first, second):
        mention(coordinator, session, P, "short_lines_with_partners")
        mention(coordinator, session, P, "transparency_on_safety")
    mention(coordinator, third, P, "multidisciplinary_cooperation")
    mention(coordinator, third, L, "capacity")
    mention(coordinator, second, L, "information_sharing")

    tops = reflection_top_threes(hotspot, D(2025, 10, 1), D(2026, 2, 28))
    assert codes(tops["top_positive"]) == [
        ("transparency_on_safety", 2),
        ("short_lines_with_partners", 2),
        ("multidisciplinary_cooperation", 1),  # 1st in the vocabulary beats peer expertise
    ]
    assert codes(tops["top_learning"]) == [("information_sharing", 1), ("capacity", 1)]
    label = Term.objects.get(vocabulary=Vocabulary.THEME_POSITIVE, code="transparency_on_safety")
    assert tops["top_positive"][0]["label"] == label.label
    assert tops["top_positive"][0]["wording"] == ""


def test_turning_point_themes_count_as_mentions_too(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    response = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
    session = a_session(coordinator, hotspot, held_on=D(2025, 10, 14), picks=(f"r:{response.pk}",))
    case = session.cases.get()
    for _ in range(2):  # twice in the same session: once
        actions.add_turning_point(
            coordinator, case, occurred_on=D(2025, 10, 1), what_happened="Opname lukte niet.",
            effect=Effect.DID_NOT_WORK, for_whom=["person"],
            themes=[theme("structural_bottlenecks")],
        )  # fmt: skip
    mention(coordinator, session, L, "structural_bottlenecks")
    tops = reflection_top_threes(hotspot, D(2025, 10, 1), D(2025, 10, 31))
    assert codes(tops["top_learning"]) == [("structural_bottlenecks", 1)]
    assert tops["top_positive"] == []


def test_only_the_period_and_the_programme_count(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    inside = a_session(coordinator, hotspot, held_on=D(2025, 10, 31))
    outside = a_session(coordinator, hotspot, held_on=D(2025, 11, 1))
    mention(coordinator, inside, L, "capacity")
    mention(coordinator, outside, L, "revolving_door_cases")
    tops = reflection_top_threes(hotspot, D(2025, 10, 1), D(2025, 10, 31))
    assert codes(tops["top_learning"]) == [("capacity", 1)]


def test_never_more_than_three_and_wordings_by_period(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    session = a_session(coordinator, hotspot, held_on=D(2025, 10, 14))
    for code in ("unclear_follow_up_direction", "structural_bottlenecks",
                 "revolving_door_cases", "information_sharing"):  # fmt: skip
        mention(coordinator, session, L, code)
    cycle = (D(2025, 10, 1), D(2026, 2, 28))
    actions.set_wording(coordinator, hotspot, theme("structural_bottlenecks"), *cycle,
                        "Geen aangifte, geen bed.")  # fmt: skip
    tops = reflection_top_threes(hotspot, *cycle)
    assert [row["code"] for row in tops["top_learning"]] == [
        "unclear_follow_up_direction", "structural_bottlenecks", "revolving_door_cases",
    ]  # fmt: skip
    assert tops["top_learning"][1]["wording"] == "Geen aangifte, geen bed."
    # A year that holds the cycle picks the cycle's wording up; an exact wording wins.
    year = (D(2025, 1, 1), D(2026, 12, 31))
    assert reflection_top_threes(hotspot, *year)["top_learning"][1]["wording"] == (
        "Geen aangifte, geen bed."
    )
    actions.set_wording(coordinator, hotspot, theme("structural_bottlenecks"), *year, "Jaar.")
    assert reflection_top_threes(hotspot, *year)["top_learning"][1]["wording"] == "Jaar."
    # An empty wording removes it.
    actions.set_wording(coordinator, hotspot, theme("structural_bottlenecks"), *cycle, " ")
    assert reflection_top_threes(hotspot, *cycle)["top_learning"][1]["wording"] == ""


def test_counting_is_one_query_per_kind(persona, hotspot, django_assert_max_num_queries) -> None:
    coordinator = persona("coordinator")
    for day in (14, 15, 16, 17):
        session = a_session(coordinator, hotspot, held_on=D(2025, 10, day))
        mention(coordinator, session, P, "transparency_on_safety")
    with django_assert_max_num_queries(4):
        reflection_top_threes(hotspot, D(2025, 10, 1), D(2025, 10, 31))
