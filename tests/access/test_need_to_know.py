"""Need-to-know across screens and exports: the police never see care or social notes,
analysts never see persons, identities or free text (see also tests/test_url_matrix.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.followup.actions import add_contact
from tests.access.world import SIGNAL_CONTACT_NOTE, SIGNAL_NOTE, build_world
from tests.followup.helpers import org, term
from tests.personas import logged_in_client

CARE_NOTE = "Zorgnotitie: synthetisch."  # the world's response notes
CONTACT_NOTE = "Sociale notitie: synthetisch gesprek met de buren."
HANDOVER_REASON = "Synthetische overdracht."  # the world's hand-over: follow-up free text


@pytest.fixture
def world(persona, hotspot):
    built = build_world(persona, hotspot)
    add_contact(
        persona("followup_worker"),
        built.trajectory,
        at=timezone.now() - dt.timedelta(hours=1),
        kind=term("contact_kind", "home_visit"),
        with_whom="person",
        partner=None,
        with_peer_expert=False,
        activities=[],
        result=CONTACT_NOTE,
        by_organisation=org("wij-groningen"),
    )
    return built


def _pages(world) -> list[str]:
    today = timezone.localdate()
    return [
        reverse("triage:response_detail", args=[world.response.pk]),
        reverse("followup:trajectory_detail", args=[world.trajectory.pk]),
        reverse("person_timeline", args=[world.person.display_key]),
        reverse("signalling:signal_detail", args=[world.signal.pk]),
        reverse("triage:export_download")
        + f"?programme=groninger-hotspot&date_from={today - dt.timedelta(days=7)}"
        + f"&date_to={today}",
    ]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_police_never_see_care_or_social_notes(persona, world) -> None:
    client = logged_in_client(persona("police_officer"))
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert CARE_NOTE not in body, url
        assert CONTACT_NOTE not in body, url
        assert SIGNAL_NOTE not in body, url
        assert SIGNAL_CONTACT_NOTE not in body, url
        assert HANDOVER_REASON not in body, url  # tests/followup/test_free_text_need_to_know.py


def test_care_and_social_roles_do_see_them(persona, world) -> None:
    nurse = logged_in_client(persona("triage_nurse"))
    response_page = reverse("triage:response_detail", args=[world.response.pk])
    assert CARE_NOTE in _body(nurse.get(response_page))
    worker = logged_in_client(persona("followup_worker"))
    trajectory = reverse("followup:trajectory_detail", args=[world.trajectory.pk])
    assert CONTACT_NOTE in _body(worker.get(trajectory))
    signal = _body(worker.get(reverse("signalling:signal_detail", args=[world.signal.pk])))
    assert SIGNAL_NOTE in signal
    assert SIGNAL_CONTACT_NOTE in signal
    assert HANDOVER_REASON in _body(worker.get(trajectory))


@pytest.mark.parametrize("name", ["analyst", "outsider", "administrator", "privacy_officer"])
def test_no_case_screen_opens_for_roles_without_case_data_here(persona, world, name) -> None:
    client = logged_in_client(persona(name))
    for url in _pages(world)[:4]:
        assert client.get(url).status_code == 404, url
    reveal = reverse("people:person_reveal", args=[world.person.display_key])
    assert client.post(reveal).status_code == 404
