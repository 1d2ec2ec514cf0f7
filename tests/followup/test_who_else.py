"""Wie is er nog meer betrokken: the holders of a person's open work in every programme,
how to reach them, never the content; every look logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from grip.access.models import AccessEvent
from grip.followup import actions
from grip.followup.models import Trajectory
from grip.network.models import Programme
from tests.factories import IncidentFactory
from tests.followup.helpers import a_trajectory, org

pytestmark = pytest.mark.django_db

SECRET_REASON = "Synthetisch geheim: wat er in het andere programma speelt."


def test_a_holder_sees_who_else_holds_work_but_not_what(persona, hotspot, client_for) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    mine = a_trajectory(
        coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker
    )
    elsewhere = Programme.objects.get(slug="wijk-ggd")
    actions.open_trajectory(
        coordinator, programme=elsewhere, person=mine.person,
        incident=IncidentFactory(programme=elsewhere, person=mine.person), reason=SECRET_REASON,
    )  # fmt: skip
    Trajectory.objects.filter(programme=elsewhere).update(case_organisation=org("ggd-groningen"))
    url = reverse("person_who_else", args=[mine.person.display_key])
    before = AccessEvent.objects.filter(purpose="followup:who-else").count()
    page = client_for("followup_worker").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "GGD" in text
    assert escape(elsewhere.name) in text
    assert SECRET_REASON not in text
    assert AccessEvent.objects.filter(purpose="followup:who-else").count() == before + 2
    assert client_for("peer_expert").get(url).status_code == 403  # holds no work of theirs
