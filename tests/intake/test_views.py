from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.intake.models import Incident
from grip.network.models import Area, Programme
from grip.people.models import Person
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

# What each persona gets on each incident screen (Hotspot data; the outsider works elsewhere).
LIST = {
    "police_officer": 200,
    "triage_nurse": 200,
    "followup_worker": 200,
    "peer_expert": 403,
    "coordinator": 200,
    "analyst": 403,
    "privacy_officer": 403,
    "administrator": 403,
    "outsider": 200,
}
CREATE = {
    "police_officer": 200,
    "triage_nurse": 403,
    "followup_worker": 403,
    "peer_expert": 403,
    "coordinator": 200,
    "analyst": 403,
    "privacy_officer": 403,
    "administrator": 403,
    "outsider": 200,
}
DETAIL = {
    "police_officer": 200,
    "triage_nurse": 200,
    "followup_worker": 200,
    "peer_expert": 404,
    "coordinator": 200,
    "analyst": 404,
    "privacy_officer": 404,
    "administrator": 404,
    "outsider": 404,
}


def test_expectations_cover_every_persona() -> None:
    assert set(LIST) == set(CREATE) == set(DETAIL) == set(PERSONA_NAMES)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_incident_list_per_persona(client_for, name: str) -> None:
    incident = IncidentFactory(number="HOT-1")
    response = client_for(name).get(reverse("intake:incident_list"))
    assert response.status_code == LIST[name]
    if response.status_code == 200:
        shown = incident.number in response.content.decode()
        assert shown is (name != "outsider")  # the outsider's list never shows the Hotspot


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_incident_create_form_per_persona(client_for, name: str) -> None:
    response = client_for(name).get(reverse("intake:incident_create"))
    assert response.status_code == CREATE[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_incident_detail_per_persona(client_for, name: str) -> None:
    incident = IncidentFactory()
    response = client_for(name).get(reverse("intake:incident_detail", args=[incident.pk]))
    assert response.status_code == DETAIL[name]


@pytest.mark.parametrize(
    "url",
    ["/meldingen/", "/meldingen/nieuw/", "/meldingen/1/", "/", "/programmas/groninger-hotspot/"],
)
def test_anonymous_is_sent_to_login(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _form_data(hotspot: Programme, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "programme": hotspot.pk,
        "kind": _term_id("E33"),
        "number": "2026-000123",
        "reported_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "municipality": hotspot.municipalities.get().pk,
        "area": Area.objects.get(programme=hotspot, slug="centrum").pk,
        "initial_ave_level": "3",
        "description": "Persoon verward op straat.",
        "person_choice": "new",
        "person_key": "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _term_id(code: str) -> int:
    from grip.vocab.models import Term

    return Term.objects.get(vocabulary="incident_code", code=code).pk


def test_coordinator_registers_an_incident_with_a_new_person(client_for, hotspot) -> None:
    client = client_for("coordinator")
    response = client.post(reverse("intake:incident_create"), _form_data(hotspot))
    incident = Incident.objects.get(number="2026-000123")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:incident_detail", args=[incident.pk])
    assert incident.person is not None
    assert incident.person.display_key.startswith("P-")
    assert list(incident.person.programmes.all()) == [hotspot]
    assert AccessEvent.objects.filter(action="create", object_id=str(incident.pk)).count() == 1


def test_double_submit_creates_one_incident(client_for, hotspot) -> None:
    client = client_for("police_officer")
    data = _form_data(hotspot)
    first = client.post(reverse("intake:incident_create"), data)
    second = client.post(reverse("intake:incident_create"), data)
    assert Incident.objects.filter(number="2026-000123").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_link_to_known_person_by_key(client_for, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    response = client_for("coordinator").post(
        reverse("intake:incident_create"),
        _form_data(hotspot, person_choice="existing", person_key=person.display_key.lower()),
    )
    assert response.status_code == 302
    assert Incident.objects.get(number="2026-000123").person == person


def test_key_of_a_person_unknown_in_the_programme_is_refused(client_for, hotspot) -> None:
    elsewhere = PersonFactory(programmes=[Programme.objects.get(slug="wijk-ggd")])
    response = client_for("coordinator").post(
        reverse("intake:incident_create"),
        _form_data(hotspot, person_choice="existing", person_key=elsewhere.display_key),
    )
    assert response.status_code == 400
    assert "Geen betrokkene met deze sleutel bekend in dit programma." in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"number": ""}, "number", "Dit veld is verplicht."),
        (
            {
                "reported_at": (timezone.localtime() + dt.timedelta(hours=3)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            },
            "reported_at",
            "Het meldtijdstip ligt in de toekomst.",
        ),
        # Beyond the plausible range of every moment (grip.dates).
        ({"reported_at": "2999-01-01T10:00"}, "reported_at", "Dit tijdstip ligt in de toekomst."),
        ({"reported_at": "gisteren"}, "reported_at", "Voer een geldige datum/tijd in."),
        ({"initial_ave_level": "5"}, "initial_ave_level", "Selecteer een geldige keuze."),
        ({"person_choice": "existing"}, "person_key", "Vul de sleutel van de betrokkene in."),
    ],
)
def test_form_errors_are_dutch_and_next_to_the_field(
    client_for, hotspot, overrides, field, message
) -> None:
    response = client_for("coordinator").post(
        reverse("intake:incident_create"), _form_data(hotspot, **overrides)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    errors_at = html.index(f'id="id_{field}_error"')
    assert message in html[errors_at : errors_at + 400]
    assert not Incident.objects.exists()


def test_duplicate_number_per_code_is_refused_next_to_the_number(client_for, hotspot) -> None:
    IncidentFactory(number="2026-000123")
    response = client_for("coordinator").post(
        reverse("intake:incident_create"), _form_data(hotspot)
    )
    html = response.content.decode()
    assert "Er is al een melding met deze code en dit nummer." in html
    # Once next to the number, once in the error summary as a link to it (issue 20), and not
    # as a form-wide error.
    assert html.count("Er is al een melding") == 2
    assert '<a href="#id_number">Meldingsnummer: Er is al een melding' in html
    # The same number under another code is a different incident.
    response = client_for("coordinator").post(
        reverse("intake:incident_create"), _form_data(hotspot, kind=_term_id("E14"))
    )
    assert response.status_code == 302


def test_area_of_another_programme_is_refused(client_for, hotspot) -> None:
    response = client_for("outsider").post(reverse("intake:incident_create"), _form_data(hotspot))
    # The outsider cannot choose the Hotspot at all.
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_retired_code_cannot_be_chosen(client_for, hotspot) -> None:
    from grip.vocab.models import Term

    Term.objects.filter(vocabulary="incident_code", code="OTHER").update(retired_at=timezone.now())
    client = client_for("coordinator")
    assert "OTHER" not in client.get(reverse("intake:incident_create")).content.decode()
    response = client.post(
        reverse("intake:incident_create"), _form_data(hotspot, kind=_term_id("OTHER"))
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_list_filters(client_for, hotspot) -> None:
    centrum = Area.objects.get(programme=hotspot, slug="centrum")
    noord = Area.objects.get(programme=hotspot, slug="noordelijke-wijken")
    IncidentFactory(number="IN-CENTRUM", area=centrum)
    IncidentFactory(number="IN-NOORD", area=noord)
    IncidentFactory(number="OLD", area=centrum, reported_at=timezone.now() - dt.timedelta(days=400))
    client = client_for("coordinator")
    html = client.get(reverse("intake:incident_list"), {"area": centrum.pk}).content.decode()
    assert "IN-CENTRUM" in html
    assert "OLD" in html
    assert "IN-NOORD" not in html
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    html = client.get(reverse("intake:incident_list"), {"date_from": since}).content.decode()
    assert "IN-CENTRUM" in html
    assert "OLD" not in html
    html = client.get(reverse("intake:incident_list"), {"kind": "E14"}).content.decode()
    assert "IN-CENTRUM" not in html


def test_period_filter_uses_local_dates_inclusive(client_for, hotspot) -> None:
    # 23:30 on 31 Jan in Amsterdam is 22:30 UTC: it belongs to 31 Jan, not 1 Feb.
    late = dt.datetime(2026, 1, 31, 22, 30, tzinfo=dt.UTC)
    IncidentFactory(number="LATE-JAN", reported_at=late)
    client = client_for("coordinator")
    html = client.get(
        reverse("intake:incident_list"), {"date_from": "2026-01-31", "date_to": "2026-01-31"}
    ).content.decode()
    assert "LATE-JAN" in html
    html = client.get(
        reverse("intake:incident_list"), {"date_from": "2026-02-01", "date_to": "2026-02-28"}
    ).content.decode()
    assert "LATE-JAN" not in html


def test_list_query_count_does_not_grow_with_rows(
    client_for, hotspot, django_assert_max_num_queries
) -> None:
    client = client_for("coordinator")
    IncidentFactory.create_batch(3, person=PersonFactory(programmes=[hotspot]))
    # 13: the access-log row reads the chain head and names the persons shown (ADR 0053)
    with django_assert_max_num_queries(13) as few:
        client.get(reverse("intake:incident_list"))
    IncidentFactory.create_batch(20, person=PersonFactory(programmes=[hotspot]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("intake:incident_list"))
    assert response.context["page"].paginator.count == 23


def test_list_paginates(client_for, hotspot, settings) -> None:
    settings.GRIP_PAGE_SIZE = 5
    IncidentFactory.create_batch(12)
    client = client_for("coordinator")
    page3 = client.get(reverse("intake:incident_list"), {"page": 3})
    assert len(page3.context["page"].object_list) == 2
    assert "Pagina 3 van 3" in page3.content.decode()


def test_detail_is_logged_and_shows_only_the_key(client_for, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    incident = IncidentFactory(person=person)
    response = client_for("triage_nurse").get(reverse("intake:incident_detail", args=[incident.pk]))
    assert person.display_key in response.content.decode()
    event = AccessEvent.objects.get(action="read", object_id=str(incident.pk))
    assert event.person_key == person.display_key
    assert event.role == "triage_nurse"


def test_persons_are_scoped(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    assert list(Person.objects.visible_to(persona("coordinator"))) == [person]
    assert not Person.objects.visible_to(persona("outsider")).exists()
    assert not Person.objects.visible_to(persona("analyst")).exists()


REGISTER_FOR_HOTSPOT = {
    "police_officer": 200,
    "coordinator": 200,
    "outsider": 404,  # registers elsewhere, but the Hotspot is not theirs
    "administrator": 403,  # may register nowhere
    "triage_nurse": 403,
    "followup_worker": 403,
    "peer_expert": 403,
    "analyst": 403,
    "privacy_officer": 403,
}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_register_for_a_named_programme_per_persona(client_for, name: str) -> None:
    response = client_for(name).get(
        reverse("intake:incident_create"), {"programme": "groninger-hotspot"}
    )
    assert response.status_code == REGISTER_FOR_HOTSPOT[name]
    if response.status_code == 200:
        assert response.context["form"].initial["programme"].slug == "groninger-hotspot"
