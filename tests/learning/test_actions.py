"""Sessions, cases, turning points and the follow-up of agreed actions across sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grip.access.models import AccessEvent
from grip.learning import actions
from grip.learning.models import ActionStatus, Effect, OutcomeKind, ReviewDecision, SessionCase
from grip.learning.pseudonymity import identifying_parts
from tests.followup.helpers import a_trajectory
from tests.learning.helpers import a_session, orgs, response_with, theme

pytestmark = pytest.mark.django_db
D = dt.date


def test_open_actions_come_back_on_the_next_session_until_closed(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = a_session(coordinator, hotspot, held_on=D(2025, 10, 14))
    second = a_session(coordinator, hotspot, held_on=D(2025, 11, 18))
    third = a_session(coordinator, hotspot, held_on=D(2026, 1, 20))
    owner = orgs("wij-groningen")[0]
    beds = actions.agree_action(coordinator, first, description="Beddentekort agenderen",
                                owner=owner, due_on=D(2025, 11, 1))  # fmt: skip
    roles = actions.agree_action(coordinator, first, description="Afspraak over casusregie",
                                 owner=owner, due_on=D(2025, 11, 1))  # fmt: skip
    assert actions.open_earlier_actions(first) == []
    assert actions.open_earlier_actions(second) == [beds, roles]

    actions.review_action(coordinator, second, roles, decision=ReviewDecision.DONE)
    actions.review_action(coordinator, second, beds, decision=ReviewDecision.CARRIED_OVER,
                          new_due_on=D(2026, 1, 15), note="Loopt nog.")  # fmt: skip
    beds.refresh_from_db()
    roles.refresh_from_db()
    assert (roles.status, beds.status, beds.due_on) == (
        ActionStatus.DONE, ActionStatus.OPEN, D(2026, 1, 15),
    )  # fmt: skip
    # The second session still shows both, with what it decided; the third only the open one.
    assert set(actions.open_earlier_actions(second)) == {beds, roles}
    assert actions.open_earlier_actions(third) == [beds]
    assert [r.decision for r in beds.reviews.all()] == [ReviewDecision.CARRIED_OVER]

    with pytest.raises(ValidationError):  # closed actions are not reviewed again
        actions.review_action(coordinator, third, roles, decision=ReviewDecision.DROPPED)
    with pytest.raises(ValidationError):  # an action is followed up later, not earlier
        actions.review_action(coordinator, first, beds, decision=ReviewDecision.DONE)
    actions.review_action(coordinator, third, beds, decision=ReviewDecision.DONE)
    later = a_session(coordinator, hotspot, held_on=D(2026, 3, 1))
    assert actions.open_earlier_actions(later) == []


def test_cases_are_added_once_and_only_from_the_programme(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    response = response_with(coordinator, hotspot, bottlenecks=("no_bed",), follow_up_needed=True)
    trajectory = response.trajectory
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    # The response's trajectory is the same case: not added again.
    assert actions.add_cases(coordinator, session, [f"t:{trajectory.pk}"]) == []
    case = session.cases.get()
    assert (case.response, case.trajectory, case.person) == (
        response, trajectory, response.incident.person,
    )  # fmt: skip
    assert case.key == response.incident.person.display_key
    logged = AccessEvent.objects.filter(purpose="learning:case").get()
    assert logged.person_key == case.key

    other = a_trajectory(persona("outsider"), hotspot.__class__.objects.get(slug="wijk-ggd"))
    with pytest.raises(ValidationError):
        actions.add_cases(coordinator, session, [f"t:{other.pk}"])
    with pytest.raises(ValidationError):
        actions.add_cases(coordinator, session, ["x:1"])


def test_only_the_facilitator_writes(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    session = a_session(coordinator, hotspot)
    for name in ("triage_nurse", "police_officer", "outsider", "analyst"):
        with pytest.raises(PermissionDenied):
            actions.add_outcome(persona(name), session, kind=OutcomeKind.POSITIVE,
                                theme=theme("capacity"), text="")  # fmt: skip
    with pytest.raises(ValidationError):  # a learning theme is no positive point
        actions.add_outcome(coordinator, session, kind=OutcomeKind.POSITIVE,
                            theme=theme("capacity"), text="")  # fmt: skip


def test_turning_points_carry_when_what_effect_whom_and_themes(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    response = response_with(coordinator, hotspot, bottlenecks=("no_direction",))
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    case = SessionCase.objects.get(session=session)
    point = actions.add_turning_point(
        coordinator, case, occurred_on=D(2025, 10, 2), what_happened="Ervaringsdeskundige mee.",
        effect=Effect.WORKED, for_whom=["person", "surroundings"],
        themes=[theme("value_of_peer_expertise")],
    )  # fmt: skip
    assert point.for_whom == ["betrokkene", "omgeving"]
    assert [t.code for t in point.themes.all()] == ["value_of_peer_expertise"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Betrokkene, BSN 111222333, belde.", ["bsn"]),
        ("BSN 111 222 333", ["bsn"]),
        ("Woont op 9712 AB", ["postcode"]),
        ("Mail naar iemand@example.org", ["email"]),
        ("Bel 06-12345678", ["phone"]),
        ("Twee weken later een nieuwe melding; 3 agenten ter plaatse.", []),
        ("Melding 123456789 kwam binnen", []),  # nine digits that fail the eleven-test
    ],
)
def test_free_text_that_identifies_is_recognised(text: str, found: list[str]) -> None:
    assert identifying_parts(text) == found


def test_the_identifying_data_guard_reads_a_long_text_in_one_pass() -> None:
    # Before the e-mail pattern's look-behind, a 1 MB text without "@" was searched from every
    # position (quadratic): the hostile-input fuzz hung on it. Now it is a single scan.
    from grip.learning.pseudonymity import identifying_parts

    assert identifying_parts("a" * 1_000_000) == []
    assert identifying_parts("a" * 1_000_000 + " mail x.y@example.org") == ["email"]
