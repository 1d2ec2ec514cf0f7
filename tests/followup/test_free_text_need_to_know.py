"""Follow-up free text is social data, or care data where a care professional wrote it, and is
shown through the access policy (issue 22, finding 2): the police see that a trajectory exists,
its AVE level and its holders, never the reasons written on its events and hand-overs, the
closure text or a contact's result, on any screen they can open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.policy import DataClass
from grip.followup import actions
from grip.followup.models import DirectionKind, Trajectory
from grip.followup.texts import TextGate
from tests.access.world import World, build_world
from tests.factories import IncidentFactory
from tests.followup.helpers import org, term
from tests.personas import PERSONA_NAMES, logged_in_client
from tests.test_url_matrix import EXPECTATIONS

# Written by the coordinator (social data) …
OPENED_WHY = "Synthetisch-openen: zorgen van de wijkagent."
AVE_WHY = "Synthetisch-opschalen: dreigt met geweld tegen buren."
DIRECTION_WHY = "Synthetisch-regie: WIJ kent de familie."
HANDOVER_WHY = "Synthetische overdracht."  # the world's hand-over
CLOSURE_TEXT = "Synthetisch-afsluiten: verhuisd naar familie buiten de regio."
REOPEN_WHY = "Synthetisch-heropenen: opnieuw onrust in de straat."
CONTACT_RESULT = "Synthetisch-contact: gesprek over schulden en slapen."
# … and by the triage nurse, a care professional (care data).
NURSE_OPENED_WHY = "Synthetisch-zorg: psychotisch beeld, medicatie gestopt."
NURSE_AVE_WHY = "Synthetisch-zorg: crisisdienst ingeschakeld, opname overwogen."

SOCIAL_TEXTS = [AVE_WHY, DIRECTION_WHY, HANDOVER_WHY, CLOSURE_TEXT, REOPEN_WHY, CONTACT_RESULT]
CARE_TEXTS = [NURSE_OPENED_WHY, NURSE_AVE_WHY]
ALL_TEXTS = [OPENED_WHY, *SOCIAL_TEXTS, *CARE_TEXTS]


@dataclass
class FollowUpWorld:
    world: World
    closed: Trajectory  # opened, scaled up and closed by the coordinator, with a closure text
    nursed: Trajectory  # opened and scaled up by the triage nurse


@pytest.fixture
def fw(persona: Any, hotspot: Any) -> FollowUpWorld:
    for name in PERSONA_NAMES:
        persona(name)
    world = build_world(persona, hotspot)
    coordinator, nurse = persona("coordinator"), persona("triage_nurse")
    trajectory = world.trajectory
    actions.change_ave(
        coordinator, trajectory, 3, AVE_WHY, process_organisation=org("wij-groningen")
    )
    actions.set_direction(
        coordinator, trajectory, DirectionKind.PROCESS, org("wij-groningen"), None, DIRECTION_WHY
    )
    actions.add_contact(
        persona("followup_worker"), trajectory, at=timezone.now() - dt.timedelta(hours=1),
        kind=term("contact_kind", "home_visit"), with_whom="person", partner=None,
        with_peer_expert=False, activities=[], result=CONTACT_RESULT,
        by_organisation=org("wij-groningen"),
    )  # fmt: skip
    # A second trajectory of the same person, closed with a text, reopened, closed again.
    closed = actions.open_from_incident(coordinator, world.bare_incident, OPENED_WHY)
    other = term("closure_reason", "other")
    actions.close_trajectory(coordinator, closed, reason=other, text="Eerste afsluiting.")
    actions.reopen_trajectory(coordinator, closed, REOPEN_WHY)
    actions.close_trajectory(coordinator, closed, reason=other, text=CLOSURE_TEXT)
    # A third, the nurse's (Lentis holds case direction): what a care professional writes
    # is care data.
    incident = IncidentFactory(programme=hotspot, person=world.person)
    nursed = actions.open_from_incident(nurse, incident, NURSE_OPENED_WHY)
    actions.set_direction(
        coordinator, nursed, DirectionKind.CASE, org("lentis"), nurse, "Synthetisch."
    )
    actions.change_ave(nurse, nursed, 2, NURSE_AVE_WHY)
    return FollowUpWorld(world, closed, nursed)


def _trajectory_pages(fw: FollowUpWorld) -> list[str]:
    return [
        reverse("followup:trajectory_detail", args=[t.pk])
        for t in (fw.world.trajectory, fw.closed, fw.nursed)
    ]


def _police_pages(fw: FollowUpWorld) -> list[str]:
    """Every page of the URL matrix the police can open, and each trajectory's page."""
    pages = list(_trajectory_pages(fw))
    pages.append(reverse("person_timeline", args=[fw.world.person.display_key]))
    for name, url in EXPECTATIONS.items():
        if url.get and url.get["police_officer"] == 200:
            path = reverse(name, kwargs=url.kwargs(fw.world))
            query = "&".join(f"{k}={v}" for k, v in url.query(fw.world).items())
            pages.append(f"{path}?{query}" if query else path)
    return pages


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())


def test_police_read_no_follow_up_text_on_any_screen(persona, fw) -> None:
    client = logged_in_client(persona("police_officer"))
    pages = _police_pages(fw)
    assert len(pages) > 10
    leaks = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = _body(response)
        leaks += [f"{page}: {text}" for text in ALL_TEXTS if text in body]
    assert not leaks, "\n".join(leaks)


def test_police_still_see_that_it_exists_its_level_and_holders(persona, fw) -> None:
    client = logged_in_client(persona("police_officer"))
    body = _body(client.get(_trajectory_pages(fw)[0]))
    assert "WIJ Groningen" in body  # the holder: whom to call
    assert "ave-3" in body
    assert "AVE gewijzigd" in body  # the event, without its reason


def test_the_coordinator_reads_every_text(persona, fw) -> None:
    client = logged_in_client(persona("coordinator"))
    bodies = "".join(_body(client.get(page)) for page in _trajectory_pages(fw))
    assert all(text in bodies for text in ALL_TEXTS), [t for t in ALL_TEXTS if t not in bodies]
    timeline = _body(client.get(reverse("person_timeline", args=[fw.world.person.display_key])))
    assert AVE_WHY in timeline
    assert NURSE_AVE_WHY in timeline
    assert CONTACT_RESULT in timeline


def test_the_followup_worker_reads_social_text_not_care_text(persona, fw) -> None:
    worker = persona("followup_worker")
    client = logged_in_client(worker)
    body = _body(client.get(_trajectory_pages(fw)[0]))
    assert AVE_WHY in body
    assert CONTACT_RESULT in body
    programme = fw.world.trajectory.programme_id
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    gate = TextGate(worker, [programme], [nurse.pk, coordinator.pk])
    assert gate.data_class(programme, nurse.pk) == DataClass.CARE
    assert gate.data_class(programme, coordinator.pk) == DataClass.SOCIAL
    assert gate.data_class(programme, None) == DataClass.SOCIAL  # the system
    assert not gate.shows(programme, nurse.pk)
    assert gate.shows(programme, coordinator.pk)
    assert TextGate(nurse, [programme], [nurse.pk]).shows(programme, nurse.pk)


@pytest.mark.parametrize("name", ["police_officer", "analyst", "administrator", "outsider"])
def test_roles_without_social_or_care_view_read_nothing(persona, fw, name) -> None:
    programme = fw.world.trajectory.programme_id
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    gate = TextGate(persona(name), [programme], [nurse.pk, coordinator.pk])
    assert gate.text("x", programme, nurse.pk) == ""
    assert gate.text("x", programme, coordinator.pk) == ""
