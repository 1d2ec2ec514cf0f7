"""The case review pack: pseudonymised timelines of a session's cases, logged as a print."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.followup import actions as followup_actions
from grip.learning import actions
from grip.learning.models import Effect
from grip.people.identity.actions import set_identity
from tests.factories import IncidentFactory
from tests.learning.helpers import a_session, response_with, term, theme
from tests.pdf_support import pdf_page_sizes_mm, pdf_text, require_pdf
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db


def test_the_pack_holds_coded_timelines_and_turning_points_and_nothing_identifying(
    client_for, persona, hotspot
) -> None:
    require_pdf()
    coordinator = persona("coordinator")
    response = response_with(
        coordinator, hotspot, bottlenecks=("no_bed",), follow_up_needed=True,
        interventions=[term("intervention", "peer_expert")],
    )  # fmt: skip
    person = response.incident.person
    set_identity(
        coordinator, person, name="Jansje Voorbeeldig", date_of_birth=dt.date(1980, 2, 3),
        bsn="111222333", address="Verzonnenlaan 7, 9712 AB Groningen",
    )  # fmt: skip
    followup_actions.add_contact(
        coordinator, response.trajectory, at=timezone.now(),
        kind=term("contact_kind", "network_meeting"), with_whom="network", partner=None,
        with_peer_expert=False, activities=[], result="Gesprek met zus Jansje in de keuken.",
        by_organisation=None,
    )  # fmt: skip
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    actions.add_turning_point(
        coordinator, session.cases.get(), occurred_on=dt.date(2025, 10, 2),
        what_happened="Netwerkberaad bracht rust.", effect=Effect.WORKED,
        for_whom=["surroundings"], themes=[theme("short_lines_with_partners")],
    )  # fmt: skip

    page = client_for("coordinator").get(reverse("learning:review_pack", args=[session.pk]))
    assert page["Content-Type"] == "application/pdf"
    text = pdf_text(page.content)
    assert person.display_key in text
    for shown in ("geen opname door beperkte beddencapaciteit", "ervaringsdeskundige ingezet",
                  "netwerkoverleg", "Netwerkberaad bracht rust.", "korte lijnen"):  # fmt: skip
        assert shown in text
    for hidden in ("Jansje", "Voorbeeldig", "111222333", "Verzonnenlaan", "9712",
                   "Naam Voorbeeld", "Dorpsstraat", "Zorgnotitie", response.incident.number,
                   "Groningen (GM0014)"):  # fmt: skip
        assert hidden not in text
    assert set(pdf_page_sizes_mm(page.content)) == {(210, 297)}
    printed = AccessEvent.objects.filter(action="print", purpose="learning:review-pack")
    assert {event.person_key for event in printed} == {"", person.display_key}


def test_a_case_without_a_known_person_is_its_own_response_only(
    client_for, persona, hotspot
) -> None:
    require_pdf()
    coordinator = persona("coordinator")
    nameless = a_response(coordinator, IncidentFactory(programme=hotspot, person=None),
                          bottlenecks=[term("bottleneck", "waiting_list")])  # fmt: skip
    response_with(coordinator, hotspot, bottlenecks=("no_bed",))  # another case: not packed
    session = a_session(coordinator, hotspot, picks=(f"r:{nameless.pk}",))
    page = client_for("coordinator").get(reverse("learning:review_pack", args=[session.pk]))
    text = pdf_text(page.content)
    assert "casus 1 (geen sleutel)" in text
    assert "wachtlijst passende zorg" in text
    assert "geen opname door beperkte beddencapaciteit" not in text
