"""Registering an incident with an identity: automatic link, new person, suggestions, rights."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.access.policy import POLICY, DataClass
from grip.intake.models import Incident
from grip.network.models import Membership, Organisation, Programme, Role
from grip.people import linking
from grip.people.identity.actions import read_identity
from grip.people.identity.records import Identity
from grip.people.models import MatchReason, MatchSuggestion, Person, PersonIdentity
from tests.factories import IncidentFactory, PersonFactory
from tests.intake.test_views import _form_data
from tests.people.synthetic import store_identity, synthetic_bsn
from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db

BSN = synthetic_bsn(31)
OTHER_BSN = synthetic_bsn(32)
NAME = "José van der Berg-Ödegaard"
BORN = dt.date(1975, 3, 4)
LINKED = "gekoppeld aan bekende betrokkene"


@pytest.fixture
def wijk(reference) -> Programme:
    return Programme.objects.get(slug="wijk-ggd")


@pytest.fixture
def known(wijk) -> Person:
    """A person known elsewhere (Wijk-GGD'ers), with an incident the Hotspot must not see."""
    person = PersonFactory(programmes=[wijk])
    store_identity(person, Identity(NAME, BORN, BSN, "Teststraat 9"))
    IncidentFactory(person=person, programme=wijk, number="WIJK-GEHEIM-1")
    return person


def _with_identity(hotspot: Programme, name: str = "", born: str = "", bsn: str = "", **extra):
    return _form_data(
        hotspot,
        identity_name=name,
        identity_date_of_birth=born,
        identity_bsn=bsn,
        **extra,
    )


def _register(client: Client, data: dict[str, object]):
    return client.post(reverse("intake:incident_create"), data)


def _incident() -> Incident:
    return Incident.objects.select_related("person").get(number="2026-000123")


# --- automatic link ---------------------------------------------------------------------------


def test_same_bsn_links_to_the_known_person(client_for, hotspot, known) -> None:
    client = client_for("police_officer")
    bsn = f"{BSN[:4]} {BSN[4:6]} {BSN[6:]}"  # typed with spaces
    response = _register(client, _with_identity(hotspot, name="Iemand", bsn=bsn))
    assert response.status_code == 302
    incident = _incident()
    assert incident.person == known
    assert set(known.programmes.all()) == {hotspot, Programme.objects.get(slug="wijk-ggd")}
    assert Person.objects.count() == 1
    # The known identity is left as it was.
    assert read_identity(known).name == NAME
    assert AccessEvent.objects.filter(
        purpose="people:link-by-pseudonym", person_key=known.display_key
    ).exists()

    page = client.get(response["Location"]).content.decode()
    assert f"{LINKED} {known.display_key}" in page
    assert "WIJK-GEHEIM-1" not in page  # nothing of the person's other records


@pytest.mark.parametrize(
    "typed",
    ["jose van der berg-odegaard", "  JOSÉ  VAN  DER BERG-ÖDEGAARD ", "José van der Berg-Ödegaard"],
)
def test_same_name_and_birth_date_links_whatever_the_spelling(
    client_for, hotspot, wijk, typed: str
) -> None:
    known = PersonFactory(programmes=[wijk])
    store_identity(known, Identity(NAME, BORN, "", ""))
    response = _register(client_for("coordinator"), _with_identity(hotspot, typed, "1975-03-04"))
    assert response.status_code == 302
    assert _incident().person == known


def test_a_space_for_a_hyphen_is_suggested_not_linked(client_for, hotspot, wijk) -> None:
    # The pseudonym removes punctuation without spacing it ("bergodegaard" ≠ "berg odegaard");
    # the looser name + birth-year index still brings the two together for a coordinator.
    known = PersonFactory(programmes=[wijk])
    store_identity(known, Identity(NAME, BORN, "", ""))
    typed = "José van der Berg Ödegaard"
    _register(client_for("coordinator"), _with_identity(hotspot, typed, "1975-03-04"))
    assert _incident().person != known
    assert MatchSuggestion.objects.get().reason == MatchReason.SAME_NAME_DOB


def test_unknown_with_an_identity_links_too(client_for, hotspot, known) -> None:
    response = _register(
        client_for("coordinator"), _with_identity(hotspot, bsn=BSN, person_choice="unknown")
    )
    assert response.status_code == 302
    assert _incident().person == known


def test_an_absorbed_person_links_to_the_one_it_went_into(
    client_for, persona, hotspot, wijk, known
) -> None:
    known.programmes.add(hotspot)  # both known where the coordinator decides
    survivor = PersonFactory(programmes=[hotspot, wijk])
    suggestion = MatchSuggestion.objects.create(
        person_a=known, person_b=survivor, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )
    linking.merge(persona("coordinator"), suggestion, survivor=survivor, reason="Zelfde.")
    _register(client_for("coordinator"), _with_identity(hotspot, bsn=BSN))
    assert _incident().person == survivor


# --- no link, new person, suggestions ---------------------------------------------------------


def test_different_people_are_not_linked(client_for, hotspot, known) -> None:
    client = client_for("coordinator")
    _register(client, _with_identity(hotspot, NAME, "1976-03-04"))  # another year
    incident = _incident()
    assert incident.person != known
    assert read_identity(incident.person) == Identity(NAME, dt.date(1976, 3, 4), "", "")
    assert not MatchSuggestion.objects.exists()
    page = client.get(reverse("intake:incident_detail", args=[incident.pk])).content.decode()
    assert LINKED not in page


def test_new_identity_is_stored_with_the_new_person(client_for, hotspot) -> None:
    response = _register(
        client_for("police_officer"), _with_identity(hotspot, "Anna de Boer", "1990-05-01", BSN)
    )
    assert response.status_code == 302
    person = _incident().person
    assert person is not None
    assert list(person.programmes.all()) == [hotspot]
    assert read_identity(person) == Identity("Anna de Boer", dt.date(1990, 5, 1), BSN, "")
    event = AccessEvent.objects.get(purpose="people:set_identity")
    assert (event.action, event.person_key, event.role) == (
        "create",
        person.display_key,
        "police_officer",
    )


def test_same_name_and_birth_year_with_another_bsn_is_suggested(client_for, hotspot, known) -> None:
    _register(client_for("coordinator"), _with_identity(hotspot, NAME, "1975-10-10", OTHER_BSN))
    incident = _incident()
    assert incident.person != known
    suggestion = MatchSuggestion.objects.get()
    assert {suggestion.person_a, suggestion.person_b} == {known, incident.person}
    assert suggestion.reason == MatchReason.NAME_YEAR_OTHER_BSN


def test_without_identity_the_three_choices_work_as_before(client_for, hotspot) -> None:
    client = client_for("coordinator")
    _register(client, _form_data(hotspot, number="A-1", person_choice="unknown"))
    _register(client, _form_data(hotspot, number="A-2", person_choice="new"))
    existing = PersonFactory(programmes=[hotspot])
    _register(
        client,
        _form_data(
            hotspot, number="A-3", person_choice="existing", person_key=existing.display_key
        ),
    )
    people = dict(Incident.objects.values_list("number", "person"))
    assert people["A-1"] is None
    assert people["A-2"] is not None
    assert people["A-3"] == existing.pk
    assert not PersonIdentity.objects.exists()


# --- errors next to the fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bsn": "123456789"}, "identity_bsn", "Dit is geen geldig BSN"),
        ({"bsn": "12345"}, "identity_bsn", "Dit is geen geldig BSN"),
        ({"born": "2999-01-01"}, "identity_date_of_birth", "Een geboortedatum ligt niet in de"),
        ({"born": "vorige week"}, "identity_date_of_birth", "Voer een geldige datum in."),
        (
            {"name": "Anna", "person_choice": "existing", "person_key": "P-0000-0000"},
            "identity_name",
            "Een identiteit vult u alleen in bij een nieuwe of onbekende betrokkene.",
        ),
    ],
)
def test_identity_errors_are_dutch_and_next_to_the_field(
    client_for, hotspot, overrides, field, message
) -> None:
    response = _register(client_for("police_officer"), _with_identity(hotspot, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    errors_at = html.index(f'id="id_{field}_error"')
    assert message in html[errors_at : errors_at + 400]
    assert not Incident.objects.exists()
    assert not Person.objects.exists()
    assert "no-store" in response["Cache-Control"]


# --- who gets the fields ----------------------------------------------------------------------


def test_identity_fields_are_shown_to_identity_writers(client_for) -> None:
    html = client_for("police_officer").get(reverse("intake:incident_create")).content.decode()
    assert 'name="identity_bsn"' in html
    assert "Identiteit (niet verplicht)" in html


def test_without_the_identity_right_there_are_no_fields_and_posts_are_ignored(
    monkeypatch, client_for, hotspot
) -> None:
    monkeypatch.delitem(POLICY[Role.POLICE_OFFICER], DataClass.IDENTITY)
    client = client_for("police_officer")
    html = client.get(reverse("intake:incident_create")).content.decode()
    assert "identity_bsn" not in html
    response = _register(client, _with_identity(hotspot, "Anna de Boer", "1990-05-01", BSN))
    assert response.status_code == 302
    assert _incident().person is not None  # "new", as chosen
    assert not PersonIdentity.objects.exists()


def test_identity_right_in_another_programme_does_not_count(monkeypatch, hotspot, wijk) -> None:
    # Police officer in the Hotspot (here without identity rights), coordinator in Wijk-GGD'ers:
    # the fields are shown, but an identity for a Hotspot incident is refused.
    monkeypatch.delitem(POLICY[Role.POLICE_OFFICER], DataClass.IDENTITY)
    user = get_user_model().objects.create_user(username="two-hats", password="x")
    for role, organisation, programme in (
        (Role.POLICE_OFFICER, "politie-noord-nederland", hotspot),
        (Role.COORDINATOR, "ggd-groningen", wijk),
    ):
        membership = Membership.objects.create(
            user=user, organisation=Organisation.objects.get(slug=organisation), role=role
        )
        membership.programmes.set([programme])
    client = logged_in_client(user)
    assert "identity_bsn" in client.get(reverse("intake:incident_create")).content.decode()
    response = _register(client, _with_identity(hotspot, bsn=BSN))
    html = response.content.decode()
    errors_at = html.index('id="id_identity_bsn_error"')
    assert "In dit programma mag u geen identiteit vastleggen." in html[errors_at : errors_at + 300]
    assert not Incident.objects.exists()


# --- the identity stays out of every page but the reveal --------------------------------------


@pytest.mark.parametrize("name", ["police_officer", "coordinator", "triage_nurse"])
def test_identity_is_not_in_the_pages_of_a_linked_incident(
    client_for, hotspot, known, name: str
) -> None:
    _register(client_for("coordinator"), _with_identity(hotspot, bsn=BSN))
    incident = _incident()
    client = client_for(name)
    pages = [
        client.get(reverse("intake:incident_detail", args=[incident.pk])),
        client.get(reverse("intake:incident_list")),
        client.get(reverse("people:person_detail", args=[known.display_key])),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert known.display_key in html
        for secret in (BSN, "Berg", "Ödegaard", "Teststraat", "1975"):
            assert secret not in html


def test_the_key_of_an_absorbed_person_stands_for_the_survivor(client_for, persona, hotspot):
    absorbed, survivor = (PersonFactory(programmes=[hotspot]) for _i in range(2))
    suggestion = MatchSuggestion.objects.create(
        person_a=absorbed, person_b=survivor, reason=MatchReason.SAME_NAME_DOB
    )
    linking.merge(persona("coordinator"), suggestion, survivor=survivor, reason="Zelfde.")
    response = _register(
        client_for("coordinator"),
        _form_data(hotspot, person_choice="existing", person_key=absorbed.display_key),
    )
    assert response.status_code == 302
    assert _incident().person == survivor


# --- two registrations at once ------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_new_identity_at_once_make_one_person(persona, hotspot) -> None:
    """The first registration has made the person but not committed; the second waits for it
    and then links to that person. Without the wait it would not see the uncommitted person
    and make a second one (plus a suggestion for the coordinator)."""
    officer = persona("police_officer")
    identity = Identity("Nieuw Persoon-Tweemaal", dt.date(1981, 2, 3), synthetic_bsn(33), "")
    made, release = threading.Event(), threading.Event()
    first: dict[str, Person] = {}

    def first_registration() -> None:
        try:
            with transaction.atomic():
                first["person"] = linking.person_for_identity(officer, hotspot, identity).person
                made.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_registration)
    thread.start()
    try:
        assert made.wait(10)
        threading.Timer(0.3, release.set).start()
        second = linking.person_for_identity(officer, hotspot, identity)
    finally:
        release.set()
        thread.join(10)
    assert second.was_known
    assert second.person.pk == first["person"].pk
    assert PersonIdentity.objects.count() == 1
    assert not MatchSuggestion.objects.exists()
