"""The linking screen and identity entry on the person page, for every persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.network.models import Programme
from grip.people import linking
from grip.people.identity.actions import read_identity
from grip.people.identity.records import Identity
from grip.people.models import (
    MatchReason,
    MatchStatus,
    MatchSuggestion,
    PersonIdentity,
    PersonMerge,
)
from tests.factories import IncidentFactory, PersonFactory
from tests.people.synthetic import store_identity, synthetic_bsn
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

LIST = {
    "police_officer": 403,
    "triage_nurse": 403,
    "followup_worker": 403,
    "peer_expert": 403,
    "coordinator": 200,
    "analyst": 403,
    "privacy_officer": 403,
    "administrator": 403,
    "outsider": 200,  # a coordinator too, with nothing of the Hotspot on it
}
# Acting on one Hotspot suggestion or merge: the outsider's is out of scope (404).
ACT = {**LIST, "coordinator": 302, "outsider": 404}
REVEAL = {**ACT, "coordinator": 200}
# Recording the identity of a Hotspot person without one, on the person page.
RECORD_IDENTITY = {
    "police_officer": 302,
    "triage_nurse": 302,
    "followup_worker": 302,
    "peer_expert": 403,  # sees the person, may not record who it is
    "coordinator": 302,
    "analyst": 404,
    "privacy_officer": 404,
    "administrator": 404,
    "outsider": 404,
}

NAME_A, NAME_B = "Jantje Één Testpersoon", "jantje een  TESTPERSOON"
BSN_A, BSN_B = synthetic_bsn(21), synthetic_bsn(22)


def test_expectations_cover_every_persona() -> None:
    for table in (LIST, ACT, REVEAL, RECORD_IDENTITY):
        assert set(table) == set(PERSONA_NAMES)


@pytest.fixture
def suggestion(hotspot) -> MatchSuggestion:
    first = PersonFactory(programmes=[hotspot])
    second = PersonFactory(programmes=[hotspot])
    store_identity(first, Identity(NAME_A, dt.date(1980, 2, 29), BSN_A, "Teststraat 1"))
    store_identity(second, Identity(NAME_B, dt.date(1980, 7, 1), BSN_B, ""))
    IncidentFactory.create_batch(2, person=first)
    IncidentFactory(person=second)
    return MatchSuggestion.objects.create(
        person_a=first, person_b=second, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )


def _merge_data(suggestion: MatchSuggestion, reason: str = "Zelfde persoon.") -> dict[str, str]:
    prefix = f"merge-{suggestion.pk}"
    return {f"{prefix}-survivor": suggestion.person_a.display_key, f"{prefix}-reason": reason}


def _secrets_absent(html: str) -> None:
    for secret in (BSN_A, BSN_B, "Testpersoon", "TESTPERSOON", "Teststraat"):
        assert secret not in html


# --- persona matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_match_list_per_persona(client_for, suggestion, name: str) -> None:
    response = client_for(name).get(reverse("people:match_list"))
    assert response.status_code == LIST[name]
    if response.status_code == 200:
        html = response.content.decode()
        shown = suggestion.person_a.display_key in html
        assert shown is (name == "coordinator")
        _secrets_absent(html)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_merge_per_persona(client_for, suggestion, name: str) -> None:
    response = client_for(name).post(
        reverse("people:match_merge", args=[suggestion.pk]), _merge_data(suggestion)
    )
    assert response.status_code == ACT[name]
    assert PersonMerge.objects.exists() is (ACT[name] == 302)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_keep_apart_per_persona(client_for, suggestion, name: str) -> None:
    response = client_for(name).post(
        reverse("people:match_keep_apart", args=[suggestion.pk]),
        {f"apart-{suggestion.pk}-reason": "Andere personen."},
    )
    assert response.status_code == ACT[name]
    suggestion.refresh_from_db()
    assert (suggestion.status == MatchStatus.KEPT_APART) is (ACT[name] == 302)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_match_reveal_per_persona(client_for, suggestion, name: str) -> None:
    response = client_for(name).post(reverse("people:match_reveal", args=[suggestion.pk]))
    assert response.status_code == REVEAL[name]
    reveals = AccessEvent.objects.filter(action=AccessEventAction.REVEAL)
    if response.status_code == 200:
        html = response.content.decode()
        assert BSN_A in html
        assert BSN_B in html
        assert NAME_A in html
        assert "no-store" in response["Cache-Control"]
        assert {(e.person_key, e.purpose) for e in reveals} == {
            (suggestion.person_a.display_key, "people:match-reveal"),
            (suggestion.person_b.display_key, "people:match-reveal"),
        }
    else:
        assert not reveals.exists()


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_undo_per_persona(client_for, persona, suggestion, name: str) -> None:
    done = linking.merge(
        persona("coordinator"), suggestion, survivor=suggestion.person_a, reason="Zelfde."
    )
    response = client_for(name).post(
        reverse("people:merge_undo", args=[done.pk]), {f"undo-{done.pk}-reason": "Onjuist."}
    )
    assert response.status_code == ACT[name]
    done.refresh_from_db()
    assert (done.undone_at is not None) is (ACT[name] == 302)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_record_identity_per_persona(client_for, hotspot, name: str) -> None:
    person = PersonFactory(programmes=[hotspot])
    client = client_for(name)
    response = client.post(
        reverse("people:person_identity", args=[person.display_key]),
        {"name": "Anna de Boer", "date_of_birth": "1990-05-01", "bsn": BSN_A, "address": ""},
    )
    assert response.status_code == RECORD_IDENTITY[name]
    if response.status_code == 302:
        assert read_identity(person) == Identity("Anna de Boer", dt.date(1990, 5, 1), BSN_A, "")
        event = AccessEvent.objects.get(purpose="people:set_identity")
        assert event.action == AccessEventAction.CREATE
        assert event.person_key == person.display_key
        page = client.get(response["Location"]).content.decode()
        assert "De identiteit is vastgelegd." in page
        assert BSN_A not in page
        assert "Anna de Boer" not in page


# --- the linking screen -----------------------------------------------------------------------


def test_list_shows_keys_reason_and_counts_only(client_for, suggestion) -> None:
    response = client_for("coordinator").get(reverse("people:match_list"))
    html = response.content.decode()
    assert suggestion.person_b.display_key in html
    assert "zelfde naam en geboortejaar, ander BSN" in html
    row = response.context["rows"][0]
    # Sharing records (grip.sharing) belong to the person and move along with a merge.
    assert [side.counts for side in row.sides] == [
        [
            ("bronsleutels", 0),
            ("deelregistraties", 0),
            ("meldingen", 2),
            ("signalen", 0),
            ("opvolgtrajecten", 0),
            ("antwoorden ervaren regie en veiligheid", 0),
            ("antwoordlinks", 0),
            ("toestemmingen voor ervaringsverhalen", 0),
            ("ervaringsverhalen", 0),
        ],
        [
            ("bronsleutels", 0),
            ("deelregistraties", 0),
            ("meldingen", 1),
            ("signalen", 0),
            ("opvolgtrajecten", 0),
            ("antwoorden ervaren regie en veiligheid", 0),
            ("antwoordlinks", 0),
            ("toestemmingen voor ervaringsverhalen", 0),
            ("ervaringsverhalen", 0),
        ],
    ]
    assert "Toon identiteiten" in html
    _secrets_absent(html)
    assert AccessEvent.objects.filter(
        action=AccessEventAction.SEARCH, purpose__startswith="people:matches"
    ).exists()


def test_counts_stay_inside_the_coordinators_programmes(client_for, suggestion) -> None:
    IncidentFactory(person=suggestion.person_b, programme=Programme.objects.get(slug="wijk-ggd"))
    response = client_for("coordinator").get(reverse("people:match_list"))
    counts = dict(response.context["rows"][0].sides[1].counts)
    assert counts["meldingen"] == 1


def test_merge_needs_a_reason_shown_next_to_the_field(client_for, suggestion) -> None:
    response = client_for("coordinator").post(
        reverse("people:match_merge", args=[suggestion.pk]), _merge_data(suggestion, reason="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    errors_id = f'id="id_merge-{suggestion.pk}-reason_error"'
    assert errors_id in html
    assert "Geef een reden op." in html[html.index(errors_id) : html.index(errors_id) + 300]
    assert not PersonMerge.objects.exists()


def test_merge_from_the_screen(client_for, suggestion) -> None:
    client = client_for("coordinator")
    response = client.post(
        reverse("people:match_merge", args=[suggestion.pk]), _merge_data(suggestion)
    )
    assert response["Location"] == reverse("people:match_list")
    done = PersonMerge.objects.get()
    assert (done.survivor, done.absorbed) == (suggestion.person_a, suggestion.person_b)
    page = client.get(response["Location"]).content.decode()
    assert f"{suggestion.person_b.display_key} is samengevoegd met" in page
    assert "Recente samenvoegingen" in page
    assert "Ongedaan maken" in page
    # Deciding twice (a second tab) is refused with a message, not an error page.
    again = client.post(
        reverse("people:match_merge", args=[suggestion.pk]), _merge_data(suggestion), follow=True
    )
    assert "Over deze mogelijke koppeling is al besloten." in again.content.decode()
    assert PersonMerge.objects.count() == 1


def test_an_absorbed_key_leads_to_the_survivor(client_for, persona, suggestion) -> None:
    linking.merge(
        persona("coordinator"), suggestion, survivor=suggestion.person_a, reason="Zelfde."
    )
    old_key = suggestion.person_b.display_key
    url = reverse("people:person_detail", args=[old_key])
    response = client_for("coordinator").get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "people:person_detail", args=[suggestion.person_a.display_key]
    )
    assert f"{old_key} is samengevoegd met" in response.content.decode()
    assert client_for("outsider").get(url).status_code == 404


def test_list_query_count_does_not_grow(client_for, hotspot, django_assert_max_num_queries):
    client = client_for("coordinator")

    def add_pairs(count: int) -> None:
        for _i in range(count):
            first, second = (PersonFactory(programmes=[hotspot]) for _j in range(2))
            MatchSuggestion.objects.create(
                person_a=first, person_b=second, reason=MatchReason.SAME_NAME_DOB
            )
            IncidentFactory(person=first)

    add_pairs(2)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("people:match_list"))
    add_pairs(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:match_list"))
    assert len(response.context["rows"]) == 10


# --- identity on the person page --------------------------------------------------------------


def test_record_form_is_shown_to_identity_writers_only(client_for, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    url = reverse("people:person_detail", args=[person.display_key])
    assert "Identiteit vastleggen" in client_for("triage_nurse").get(url).content.decode()
    assert "Identiteit vastleggen" not in client_for("peer_expert").get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"bsn": "123456789"}, "bsn", "Dit is geen geldig BSN"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Een geboortedatum ligt niet in de"),
        ({"date_of_birth": "gisteren"}, "date_of_birth", "Voer een geldige datum in."),
    ],
)
def test_identity_errors_are_dutch_and_next_to_the_field(
    client_for, hotspot, data, field, message
) -> None:
    person = PersonFactory(programmes=[hotspot])
    response = client_for("police_officer").post(
        reverse("people:person_identity", args=[person.display_key]), {"name": "Anna", **data}
    )
    assert response.status_code == 400
    html = response.content.decode()
    errors_at = html.index(f'id="id_{field}_error"')
    assert message in html[errors_at : errors_at + 300]
    assert not PersonIdentity.objects.exists()
    # The refused form comes back on the person page: that page is a read of the person.
    reads = AccessEvent.objects.filter(action=AccessEventAction.READ)
    assert list(reads.values_list("purpose", "person_key", "programme")) == [
        ("people:identity-form", person.display_key, hotspot.slug)
    ]


def test_correcting_starts_from_a_recorded_reveal(client_for, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    store_identity(person, Identity(NAME_A, dt.date(1980, 2, 29), BSN_A, "Teststraat 1"))
    client = client_for("followup_worker")
    page = client.get(reverse("people:person_detail", args=[person.display_key]))
    html = page.content.decode()
    assert "Toon de identiteit om die te corrigeren." in html
    _secrets_absent(html)
    revealed = client.post(reverse("people:person_reveal", args=[person.display_key]))
    html = revealed.content.decode()
    assert "Identiteit corrigeren" in html
    assert f'value="{BSN_A}"' in html  # the form starts from what is recorded
    response = client.post(
        reverse("people:person_identity", args=[person.display_key]),
        {"name": NAME_A, "date_of_birth": "1980-02-29", "bsn": BSN_B, "address": ""},
    )
    assert response.status_code == 302
    assert read_identity(person).bsn == BSN_B
    assert AccessEvent.objects.filter(
        purpose="people:set_identity", action=AccessEventAction.UPDATE
    ).exists()
