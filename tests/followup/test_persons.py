"""The person timeline and the revolving-door rules, with time frozen."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from grip.followup import actions
from grip.followup.models import FollowUpSettings
from grip.followup.revolving import revolving_persons
from grip.network.models import Programme
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import a_trajectory, org, term
from tests.personas import PERSONA_NAMES
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def incidents(person, programme, *days_ago: int) -> None:  # type: ignore[no-untyped-def]
    for days in days_ago:
        IncidentFactory(
            programme=programme, person=person, reported_at=NOW - dt.timedelta(days=days)
        )


def rules(programme: Programme, person) -> set[str]:  # type: ignore[no-untyped-def]
    found = revolving_persons(programme, NOW, person_ids=[person.pk])
    return {rule.code for rule in found[0].rules} if found else set()


def test_three_incidents_in_90_days(hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    incidents(person, hotspot, 5, 40)
    assert rules(hotspot, person) == set()
    incidents(person, hotspot, 89)
    assert rules(hotspot, person) == {"frequent"}
    other = PersonFactory(programmes=[hotspot])
    incidents(other, hotspot, 5, 40, 91)  # the third falls outside the window
    assert rules(hotspot, other) == set()


def test_incidents_of_another_programme_do_not_count(hotspot) -> None:
    early = Programme.objects.get(slug="groninger-vroegsignalering")
    person = PersonFactory(programmes=[hotspot, early])
    incidents(person, hotspot, 5, 40)
    incidents(person, early, 20)
    assert rules(hotspot, person) == set()


def test_new_incident_within_30_days_after_closing(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    person = PersonFactory(programmes=[hotspot])
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        trajectory = a_trajectory(coordinator, hotspot, person=person)
        actions.close_trajectory(
            coordinator, trajectory, reason=term("closure_reason", "stabilised")
        )
    incidents(person, hotspot, 45)  # 15 days after closing
    assert rules(hotspot, person) == {"returned"}
    late = PersonFactory(programmes=[hotspot])
    with time_machine.travel(NOW - dt.timedelta(days=100), tick=False):
        closed = a_trajectory(coordinator, hotspot, person=late)
        actions.close_trajectory(coordinator, closed, reason=term("closure_reason", "moved"))
    incidents(late, hotspot, 50)  # 50 days after closing
    assert rules(hotspot, late) == set()


def test_five_incidents_in_a_year_without_any_trajectory(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    incidents(person, hotspot, 100, 150, 200, 250, 300)
    assert rules(hotspot, person) == {"no_trajectory"}
    with time_machine.travel(NOW - dt.timedelta(days=120), tick=False):
        a_trajectory(persona("coordinator"), hotspot, person=person)
    assert "no_trajectory" not in rules(hotspot, person)


def test_rules_are_configurable_per_programme(hotspot) -> None:
    FollowUpSettings.objects.create(programme=hotspot, revolving_incidents=2, revolving_days=30)
    person = PersonFactory(programmes=[hotspot])
    incidents(person, hotspot, 5, 25)
    assert rules(hotspot, person) == {"frequent"}


REVOLVING = dict.fromkeys(PERSONA_NAMES, 403) | {"coordinator": 200, "outsider": 200}
# Peer experts see the person's key (as on the person page) but the timeline shows them only
# what their organisation takes part in: here nothing.
TIMELINE = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200,
            "peer_expert": 200, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
            "administrator": 404, "outsider": 404}  # fmt: skip


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_revolving_list_per_persona(client_for, hotspot, name: str) -> None:
    person = PersonFactory(programmes=[hotspot])
    incidents(person, hotspot, 1, 2, 3)
    with time_machine.travel(NOW, tick=False):
        page = client_for(name).get(reverse("followup:revolving"))
    assert page.status_code == REVOLVING[name]
    if page.status_code == 200:
        assert (person.display_key in page.content.decode()) is (name == "coordinator")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_timeline_per_persona(client_for, hotspot, name: str) -> None:
    person = PersonFactory(programmes=[hotspot])
    incidents(person, hotspot, 1)
    page = client_for(name).get(reverse("person_timeline", args=[person.display_key]))
    assert page.status_code == TIMELINE[name]


def test_timeline_shows_what_was_tried_and_only_what_the_viewer_may_see(
    client_for, persona, hotspot
) -> None:
    person = PersonFactory(programmes=[hotspot])
    incident = IncidentFactory(
        programme=hotspot, person=person, number="TL-1",
        reported_at=timezone.now() - dt.timedelta(hours=6), initial_ave_level=4,
    )  # fmt: skip
    a_response(persona("triage_nurse"), incident, follow_up_needed=True, notes="Zorgnotitie TL.")
    trajectory = incident.trajectories.get()
    actions.set_direction(
        persona("coordinator"), trajectory, actions.DirectionKind.CASE,
        org("wij-groningen"), None, "Start",
    )  # fmt: skip
    actions.add_contact(
        persona("followup_worker"), trajectory, at=timezone.now(),
        kind=term("contact_kind", "home_visit"), with_whom="person", partner=None,
        with_peer_expert=False, activities=[], result="Resultaat TL.",
        by_organisation=org("wij-groningen"),
    )  # fmt: skip
    url = reverse("person_timeline", args=[person.display_key])
    coordinator = client_for("coordinator").get(url).content.decode()
    for expected in ("Melding E33", "Inzet: AVE 3", "Opvolging geopend", "WIJ Groningen",
                     "Resultaat TL.", "Zorgnotitie TL.",
                     '<img src="data:image/svg+xml;base64,'):  # fmt: skip
        assert expected in coordinator
    # Not inline: the Content-Security-Policy would refuse the chart's own stylesheet.
    assert "<svg" not in coordinator
    police = client_for("police_officer").get(url).content.decode()
    assert "Melding E33" in police
    assert "Zorgnotitie TL." not in police
    assert "Resultaat TL." not in police


def test_revolving_list_query_count_is_flat(
    client_for, hotspot, django_assert_max_num_queries
) -> None:
    client = client_for("coordinator")
    for _ in range(2):
        incidents(PersonFactory(programmes=[hotspot]), hotspot, 1, 2, 3)
    with time_machine.travel(NOW, tick=False):
        with django_assert_max_num_queries(12) as few:
            client.get(reverse("followup:revolving"))
        for _ in range(10):
            incidents(PersonFactory(programmes=[hotspot]), hotspot, 1, 2, 3)
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(reverse("followup:revolving"))
    assert len(page.context["persons"]) == 12


def test_revolving_door_shows_in_the_follow_up_worklist(client_for, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    trajectory = a_trajectory(persona("coordinator"), hotspot, person=person)
    for days in (1, 2):
        IncidentFactory(
            programme=hotspot, person=person, reported_at=timezone.now() - dt.timedelta(days=days)
        )
    page = client_for("coordinator").get(reverse("followup:overview"), {"signal": "revolving_door"})
    assert reverse("followup:trajectory_detail", args=[trajectory.pk]) in page.content.decode()
    assert "draaideur" in page.content.decode()
