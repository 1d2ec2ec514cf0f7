"""The person page and the identity reveal, for every persona."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from grip.network.models import Membership, Organisation, Programme, Role
from tests.factories import PersonFactory
from tests.people.synthetic import sample_identity, store_identity
from tests.personas import PERSONA_NAMES, logged_in_client

# Until grip/urls.py includes grip.people.urls; tests.people.urls adds it only when missing.
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.people.urls")]

# A Hotspot person; the outsider works in another programme.
DETAIL = {
    "police_officer": 200,
    "triage_nurse": 200,
    "followup_worker": 200,
    "peer_expert": 200,  # sees the person's key through social data, not who they are
    "coordinator": 200,
    "analyst": 404,
    "privacy_officer": 404,
    "administrator": 404,
    "outsider": 404,
}
REVEAL = {
    "police_officer": 200,
    "triage_nurse": 200,
    "followup_worker": 200,
    "peer_expert": 403,
    "coordinator": 200,
    "analyst": 404,
    "privacy_officer": 404,
    "administrator": 404,
    "outsider": 404,
}
BUTTON = "Toon identiteit"


def test_expectations_cover_every_persona() -> None:
    assert set(DETAIL) == set(REVEAL) == set(PERSONA_NAMES)


@pytest.fixture
def known(hotspot):
    person = PersonFactory(programmes=[hotspot])
    identity = sample_identity()
    store_identity(person, identity)
    return person, identity


def _reveals(person) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(action=AccessEventAction.REVEAL, person_key=person.display_key)
    )


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_person_page_per_persona(client_for, known, name: str) -> None:
    person, identity = known
    response = client_for(name).get(reverse("people:person_detail", args=[person.display_key]))
    assert response.status_code == DETAIL[name]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert person.display_key in page
    assert (BUTTON in page) is (REVEAL[name] == 200)
    # The page itself never shows who the person is.
    assert identity.bsn not in page
    assert "Testpersoon" not in page
    assert not _reveals(person)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_reveal_per_persona(client_for, known, name: str) -> None:
    person, identity = known
    response = client_for(name).post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == REVEAL[name]
    page = response.content.decode()
    shown = identity.bsn in page
    assert shown is (response.status_code == 200)
    events = _reveals(person)
    if response.status_code == 200:
        assert "Jantje Één Testpersoon" in page
        assert "29 februari 1980" in page
        assert "Teststraat 1<br>9700 AA Groningen" in page
        assert "no-store" in response["Cache-Control"]
        assert [(e.outcome, e.purpose) for e in events] == [
            (AccessEventOutcome.ALLOWED, "people:reveal")
        ]
    elif response.status_code == 403:
        # The refused attempt is logged, as refused.
        assert [(e.outcome, e.purpose) for e in events] == [
            (AccessEventOutcome.REFUSED, "people:reveal")
        ]
    else:
        assert events == []  # out of scope: nothing happened, nothing leaks


def test_reveal_writes_exactly_one_reveal_event(client_for, known, hotspot) -> None:
    person, _identity = known
    client_for("triage_nurse").post(reverse("people:person_reveal", args=[person.display_key]))
    event = AccessEvent.objects.get(action=AccessEventAction.REVEAL)
    assert event.person_key == person.display_key
    assert event.purpose == "people:reveal"
    assert event.outcome == AccessEventOutcome.ALLOWED
    assert event.programme == hotspot.slug
    assert event.role == Role.TRIAGE_NURSE
    assert event.user.username == "persona-triage_nurse"


def test_reveal_only_on_post(client_for, known) -> None:
    # A GET (language switch, history) goes back to the key alone and reveals nothing.
    person, _identity = known
    client = client_for("coordinator")
    url = reverse("people:person_reveal", args=[person.display_key])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.display_key])
    assert client.put(url).status_code == 405
    assert not _reveals(person)


def test_reveal_get_out_of_scope_is_404(client_for, known) -> None:
    person, _identity = known
    url = reverse("people:person_reveal", args=[person.display_key])
    assert client_for("analyst").get(url).status_code == 404


def test_reveal_needs_a_csrf_token(persona, known) -> None:
    person, _identity = known
    client = logged_in_client(persona("coordinator"), enforce_csrf_checks=True)
    response = client.post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == 403
    assert not _reveals(person)


def test_unknown_key_is_404(client_for) -> None:
    client = client_for("coordinator")
    assert client.get(reverse("people:person_detail", args=["P-0000-0000"])).status_code == 404
    assert client.post(reverse("people:person_reveal", args=["P-0000-0000"])).status_code == 404


def test_anonymous_is_sent_to_login(client, known) -> None:
    person, _identity = known
    response = client.post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_programme_that_knows_the_person_makes_the_outsider_see(client_for, known) -> None:
    person, identity = known
    person.programmes.add(Programme.objects.get(slug="wijk-ggd"))
    client = client_for("outsider")
    assert client.get(reverse("people:person_detail", args=[person.display_key])).status_code == 200
    response = client.post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == 200
    assert identity.bsn in response.content.decode()


def test_identity_right_must_be_in_a_programme_that_knows_the_person(known, hotspot) -> None:
    # Peer expert in the Hotspot (sees the person), coordinator elsewhere (may view identity
    # there): the identity right does not carry over to the Hotspot's person.
    person, identity = known
    user = get_user_model().objects.create_user(username="two-hats", password="x")
    for role, organisation, programme in (
        (Role.PEER_EXPERT, "inbegrepen", hotspot),
        (Role.COORDINATOR, "ggd-groningen", Programme.objects.get(slug="wijk-ggd")),
    ):
        membership = Membership.objects.create(
            user=user, organisation=Organisation.objects.get(slug=organisation), role=role
        )
        membership.programmes.set([programme])
    client = logged_in_client(user)
    page = client.get(reverse("people:person_detail", args=[person.display_key]))
    assert page.status_code == 200
    assert BUTTON not in page.content.decode()
    response = client.post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == 403
    assert identity.bsn not in response.content.decode()


def test_person_without_identity(client_for, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    client = client_for("coordinator")
    page = client.get(reverse("people:person_detail", args=[person.display_key])).content.decode()
    assert BUTTON not in page
    assert "geen identiteit vastgelegd" in page
    response = client.post(reverse("people:person_reveal", args=[person.display_key]))
    assert response.status_code == 200
    assert "geen identiteit vastgelegd" in response.content.decode()
    assert len(_reveals(person)) == 1  # the look-up itself is logged


def test_person_page_is_logged_as_read(client_for, known) -> None:
    person, _identity = known
    client_for("police_officer").get(reverse("people:person_detail", args=[person.display_key]))
    event = AccessEvent.objects.get(person_key=person.display_key)
    assert (event.action, event.purpose) == (AccessEventAction.READ, "people:detail")
    assert event.programme == "groninger-hotspot"


def test_person_page_names_only_the_users_own_programmes(client_for, known) -> None:
    person, _identity = known
    other = Programme.objects.exclude(slug__in=["groninger-hotspot", "wijk-ggd"]).first()
    assert other is not None
    person.programmes.add(other)
    page = client_for("coordinator").get(reverse("people:person_detail", args=[person.display_key]))
    text = page.content.decode()
    assert "Groninger Hotspot" in text
    assert other.name not in text
