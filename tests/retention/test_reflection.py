"""``purge`` and the learning app: expired reflection cases lose who, the themes stay.

Two sessions in spring 2026 (expired at ``NOW``, 1 July 2031) discuss Echo's response of March
2026, with a turning point, outcomes, an agreed action and its review; one session in 2029
(kept) discusses Foxtrot's response of that year. Echo has nothing else: once the situation is
anonymised, only the session case would keep Echo alive.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from grip.access.models import AccessEvent, AccessEventAction
from grip.learning import actions, corrections
from grip.learning.models import (
    ActionReview,
    AgreedAction,
    Effect,
    OutcomeKind,
    ReflectionSession,
    ReviewDecision,
    SessionCase,
    SessionOutcome,
    TurningPoint,
)
from grip.learning.topthrees import reflection_top_threes
from grip.network.models import Programme
from grip.people.models import Person
from grip.retention.run import PURGERS
from grip.triage.models import Response
from tests.learning.helpers import a_session, orgs, response_with, theme
from tests.retention.test_purge import run
from tests.retention.world import NOW, snapshot

pytestmark = pytest.mark.django_db

D = dt.date
APRIL = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)
MAY = dt.datetime(2026, 5, 19, 9, 0, tzinfo=dt.UTC)
RECENT = dt.datetime(2029, 5, 10, 9, 0, tzinfo=dt.UTC)
LEARNING_MODELS = (SessionCase, TurningPoint, SessionOutcome, AgreedAction, ActionReview)


@dataclass
class Reflections:
    echo: Person
    foxtrot: Person
    echo_response: Response
    old_case: SessionCase
    recent_session: ReflectionSession


def discussed(coordinator: Any, hotspot: Programme, at: dt.datetime) -> ReflectionSession:
    """A response three days before ``at`` and a session that day with it as its case,
    a turning point, a positive and a learning point and an agreed action."""
    with time_machine.travel(at, tick=False):
        response = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
        session = a_session(coordinator, hotspot, held_on=at.date(), picks=(f"r:{response.pk}",))
        actions.add_turning_point(
            coordinator, session.cases.get(), occurred_on=at.date() - dt.timedelta(days=2),
            what_happened="Opname lukte niet (synthetisch).", effect=Effect.DID_NOT_WORK,
            for_whom=["person"], themes=[theme("structural_bottlenecks")],
        )  # fmt: skip
        actions.add_outcome(
            coordinator, session, kind=OutcomeKind.POSITIVE,
            theme=theme("short_lines_with_partners"), text="Snel contact (synthetisch).",
        )  # fmt: skip
        actions.add_outcome(
            coordinator, session, kind=OutcomeKind.LEARNING, theme=theme("capacity"), text=""
        )
        actions.agree_action(
            coordinator, session, description="Bedden afspreken (synthetisch).",
            owner=orgs("lentis")[0], due_on=at.date() + dt.timedelta(days=30),
        )  # fmt: skip
    return session


@pytest.fixture
def reflections(persona, hotspot) -> Reflections:  # type: ignore[no-untyped-def]
    coordinator = persona("coordinator")
    old = discussed(coordinator, hotspot, APRIL)
    with time_machine.travel(MAY, tick=False):
        later = a_session(coordinator, hotspot, held_on=MAY.date())
        actions.review_action(
            coordinator, later, old.agreed_actions.get(), decision=ReviewDecision.DONE,
            note="Afgerond (synthetisch).",
        )  # fmt: skip
        actions.set_wording(
            coordinator, hotspot, theme("capacity"), D(2026, 1, 1), D(2026, 12, 31),
            "Te weinig bedden in de regio.",
        )  # fmt: skip
    recent = discussed(coordinator, hotspot, RECENT)
    old_case = old.cases.get()
    recent_case = recent.cases.get()
    assert old_case.person is not None
    assert recent_case.person is not None
    return Reflections(
        echo=old_case.person,
        foxtrot=recent_case.person,
        echo_response=Response.objects.get(pk=old_case.response_id),
        old_case=old_case,
        recent_session=recent,
    )


def recent_rows(reflections: Reflections) -> dict[str, list[Any]]:
    session = reflections.recent_session
    return {
        "cases": list(SessionCase.objects.filter(session=session).values()),
        "points": list(TurningPoint.objects.filter(case__session=session).values()),
        "themes": list(
            TurningPoint.themes.through.objects.filter(turningpoint__case__session=session)
            .order_by("pk")
            .values()
        ),
        "outcomes": list(SessionOutcome.objects.filter(session=session).values()),
        "actions": list(AgreedAction.objects.filter(session=session).values()),
        "foxtrot": list(Person.objects.filter(pk=reflections.foxtrot.pk).values()),
    }


def test_expired_cases_lose_person_links_and_free_text_but_keep_themes(reflections) -> None:
    case = reflections.old_case
    run()
    case.refresh_from_db()
    assert (case.person_id, case.response_id, case.trajectory_id) == (None, None, None)
    assert case.reason == ""
    assert case.purged_at == NOW
    point = TurningPoint.objects.get(case=case)
    assert point.what_happened == ""
    assert (point.occurred_on, point.effect, point.for_person) == (
        D(2026, 4, 12),
        Effect.DID_NOT_WORK,
        True,
    )
    assert [t.code for t in point.themes.all()] == ["structural_bottlenecks"]
    outcomes = SessionOutcome.objects.filter(session=case.session_id)
    assert sorted(outcomes.values_list("kind", "theme__code", "text")) == [
        ("learning", "capacity", ""),
        ("positive", "short_lines_with_partners", ""),
    ]
    assert not AgreedAction.objects.filter(session__held_on__lt=D(2026, 7, 1)).exists()
    assert not ActionReview.objects.exists()


def test_the_purge_logs_the_unlinked_person_and_the_counts(reflections) -> None:
    echo = reflections.echo.display_key
    run()
    rows = AccessEvent.objects.filter(purpose__startswith="retention:reflection")
    assert not rows.exclude(user=None).exists()
    assert not rows.exclude(action=AccessEventAction.DELETE).exists()
    assert {row.at for row in rows} == {NOW}
    assert set(rows.exclude(person_key="").values_list("programme", "person_key", "purpose")) == {
        ("groninger-hotspot", echo, "retention:reflection person_unlinked")
    }
    summary = set(rows.filter(person_key="").values_list("programme", "purpose"))
    before = "before=2026-07-01"
    assert summary == {
        ("groninger-hotspot", f"retention:reflection {kind}={count} {before}")
        for kind, count in (
            ("session_cases_anonymised", 1),
            ("reflection_sessions_closed", 2),  # April's and May's, which has no case
            ("turning_points_anonymised", 1),
            ("session_outcomes_anonymised", 1),
            ("agreed_actions_deleted", 1),
            ("action_reviews_deleted", 1),
        )
    }


def test_a_person_kept_alive_only_by_a_session_case_goes_in_the_same_run(reflections) -> None:
    echo = reflections.echo
    run()
    assert not Person.objects.filter(pk=echo.pk).exists()
    assert AccessEvent.objects.filter(
        person_key=echo.display_key, purpose="retention:person deleted"
    ).exists()
    assert Person.objects.filter(pk=reflections.foxtrot.pk).exists()


def test_a_session_case_within_retention_keeps_its_person(reflections, settings) -> None:
    settings.GRIP_RETENTION_REFLECTION_YEARS = 10
    run()
    assert Person.objects.filter(pk=reflections.echo.pk).exists()
    assert SessionCase.objects.get(pk=reflections.old_case.pk).person_id == reflections.echo.pk


def test_nothing_within_retention_is_touched(reflections) -> None:
    before = recent_rows(reflections)
    run()
    assert recent_rows(reflections) == before


def test_top_threes_of_a_past_period_are_identical(reflections, hotspot) -> None:
    periods = [(D(2026, 4, 1), D(2026, 4, 30)), (D(2026, 1, 1), D(2026, 12, 31))]
    before = [reflection_top_threes(hotspot, *period) for period in periods]
    learning = {row["code"]: row["wording"] for row in before[1]["top_learning"]}
    assert learning == {"capacity": "Te weinig bedden in de regio.", "structural_bottlenecks": ""}
    run()
    assert [reflection_top_threes(hotspot, *period) for period in periods] == before


def test_dry_run_writes_nothing_and_a_second_run_finds_nothing(reflections) -> None:
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        output = run(dry_run=True)
    assert snapshot() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "groninger-hotspot: 1 casussen van reflectiesessies ontkoppeld" in output
    assert "groninger-hotspot: 1 betrokkenen verwijderd" in output
    run()
    after_first = snapshot(*LEARNING_MODELS)
    assert run().count("niets verlopen") == len(PURGERS)
    assert snapshot(*LEARNING_MODELS) == after_first


def test_an_expired_session_becomes_read_only_and_its_stale_edit_pages_are_refused(
    persona, reflections
) -> None:
    """The purge marks every expired session (also one with nothing else to purge) read-only
    and moves on the versions of the records whose text it empties: a correction that started
    before the purge (its session read before it) cannot write the text back either. It is
    told why (the session's period is over), not that someone else changed the record."""
    coordinator = persona("coordinator")
    started = TurningPoint.objects.select_related("case__session").get(case=reflections.old_case)
    outcomes = SessionOutcome.objects.filter(session=reflections.old_case.session_id)
    before = dict(outcomes.values_list("kind", "version"))
    run()
    closed = ReflectionSession.objects.filter(purged_at=NOW).values_list("held_on", flat=True)
    assert set(closed) == {APRIL.date(), MAY.date()}
    assert ReflectionSession.objects.get(pk=reflections.recent_session.pk).purged_at is None
    # The positive point lost its text: its version moved on; the learning point had none.
    assert dict(outcomes.values_list("kind", "version")) == {
        OutcomeKind.POSITIVE: before[OutcomeKind.POSITIVE] + 1,
        OutcomeKind.LEARNING: before[OutcomeKind.LEARNING],
    }
    unchanged = {"occurred_on": started.occurred_on, "effect": started.effect, "themes": []}
    with pytest.raises(ValidationError, match="bewaartermijn"):
        corrections.change_turning_point(
            coordinator, started, expected_version=started.version, for_whom=["person"],
            what_happened=started.what_happened, **unchanged,
        )  # fmt: skip
    purged = TurningPoint.objects.get(pk=started.pk)
    assert purged.version == started.version + 1
    with pytest.raises(ValidationError, match="bewaartermijn"):
        corrections.change_turning_point(
            coordinator, purged, expected_version=purged.version, for_whom=["person"],
            what_happened="Terug (synthetisch).", **unchanged,
        )  # fmt: skip
    assert TurningPoint.objects.get(pk=started.pk).what_happened == ""


def test_a_write_that_read_the_session_before_the_purge_is_refused(persona, reflections) -> None:
    """Every learning write checks the session again inside its own transaction (with its row
    locked): an object read before the purge committed does not let text or a case back in.
    The learning point had no text, so the purge left its version alone: only the session's
    mark stops its correction."""
    coordinator = persona("coordinator")
    stale_case = SessionCase.objects.select_related("session").get(pk=reflections.old_case.pk)
    stale = stale_case.session
    learning = SessionOutcome.objects.select_related("session").get(
        session=stale, kind=OutcomeKind.LEARNING
    )
    extra = response_with(coordinator, reflections.old_case.session.programme)
    before = snapshot(*LEARNING_MODELS, ReflectionSession)
    run()
    after_purge = snapshot(*LEARNING_MODELS, ReflectionSession)
    assert after_purge != before
    assert stale.purged_at is None  # the objects below were all read before the purge
    writes = {
        "turning point": lambda: actions.add_turning_point(
            coordinator,
            stale_case,
            occurred_on=APRIL.date(),
            what_happened="Terug.",
            effect=Effect.WORKED,
            for_whom=["person"],
            themes=[theme("capacity")],
        ),
        "outcome": lambda: actions.add_outcome(
            coordinator,
            stale,
            kind=OutcomeKind.POSITIVE,
            theme=theme("short_lines_with_partners"),
            text="Terug (synthetisch).",
        ),
        "action": lambda: actions.agree_action(
            coordinator,
            stale,
            description="Terug (synthetisch).",
            owner=orgs("lentis")[0],
            due_on=MAY.date(),
        ),
        "case": lambda: actions.add_cases(coordinator, stale, [f"r:{extra.pk}"]),
        "session": lambda: actions.change_session(
            coordinator,
            stale,
            held_on=stale.held_on,
            facilitator=coordinator,
            organisations=orgs("lentis"),
            topic="Terug (synthetisch).",
        ),
        "correction": lambda: corrections.change_outcome(
            coordinator,
            learning,
            expected_version=learning.version,
            kind=learning.kind,
            theme=learning.theme,
            text="Terug (synthetisch).",
        ),
    }
    for name, write in writes.items():
        stale.purged_at = None  # as read before the purge, for every write
        with pytest.raises(ValidationError, match="bewaartermijn"):
            write()
        assert snapshot(*LEARNING_MODELS, ReflectionSession) == after_purge, name


def test_a_case_added_after_the_purge_looked_is_emptied_too(persona, reflections) -> None:
    """A case that lands between the purge's reading and its writing (a facilitator's write that
    committed just then) is emptied with the rest: the purge reads the cases again after it
    has marked, and on PostgreSQL locked, the sessions."""
    coordinator = persona("coordinator")
    session = reflections.old_case.session
    extra = response_with(coordinator, session.programme)
    purger = next(p for p in PURGERS if p.retention_class.code == "reflection")
    with time_machine.travel(NOW, tick=False):
        found = purger.find(NOW, [])
        (late,) = actions.add_cases(coordinator, session, [f"r:{extra.pk}"], reason="Laat.")
        purger.apply(found, NOW)
    late.refresh_from_db()
    assert (late.person_id, late.response_id, late.reason) == (None, None, "")
    assert late.purged_at == NOW


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_write_waits_for_a_purge_in_progress_and_is_then_refused(
    persona, reflections
) -> None:
    """The purge has marked the session but not committed yet; a learning write that read the
    session earlier waits for the row's lock, then sees the mark. Without the lock it would read
    the session as open (the mark is not committed) and add its text after all."""
    coordinator = persona("coordinator")
    stale = ReflectionSession.objects.get(pk=reflections.old_case.session_id)
    marked, release = threading.Event(), threading.Event()

    def purge_in_progress() -> None:
        try:
            with transaction.atomic():
                ReflectionSession.objects.filter(pk=stale.pk).update(purged_at=NOW)
                marked.set()
                release.wait(10)
        finally:
            connection.close()

    purge = threading.Thread(target=purge_in_progress)
    purge.start()
    assert marked.wait(10)
    threading.Timer(0.3, release.set).start()
    try:
        with pytest.raises(ValidationError, match="bewaartermijn"):
            actions.add_outcome(
                coordinator, stale, kind=OutcomeKind.POSITIVE,
                theme=theme("short_lines_with_partners"), text="Terug (synthetisch).",
            )  # fmt: skip
    finally:
        release.set()
        purge.join(10)
    assert not SessionOutcome.objects.filter(text="Terug (synthetisch).").exists()
