from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

HOTSPOT_MEMBERS = {
    "police_officer",
    "triage_nurse",
    "followup_worker",
    "peer_expert",
    "coordinator",
    "analyst",
    "privacy_officer",
}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_home_per_persona(client_for, name: str) -> None:
    response = client_for(name).get(reverse("home"))
    assert response.status_code == 200
    assert ("Groninger Hotspot" in response.content.decode()) is (name in HOTSPOT_MEMBERS)


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize("view", ["network:programme_detail", "network:partner_directory"])
def test_programme_pages_per_persona(client_for, name: str, view: str) -> None:
    response = client_for(name).get(reverse(view, args=["groninger-hotspot"]))
    assert response.status_code == (200 if name in HOTSPOT_MEMBERS else 404)


def test_partner_directory_shows_roles_per_ave_level(
    client_for, django_assert_max_num_queries
) -> None:
    client = client_for("triage_nurse")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("network:partner_directory", args=["groninger-hotspot"]))
    html = response.content.decode()
    for organisation in ("Lentis", "WIJ Groningen", "InBegrepen", "Forint"):
        assert organisation in html
    assert html.count('class="ave-roles"') >= 7


def test_unknown_programme_is_404(client_for) -> None:
    response = client_for("coordinator").get(reverse("network:programme_detail", args=["nope"]))
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
