from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventAction
from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.triage.actions import ResponseData, register_response
from grip.triage.models import Response
from grip.vocab.models import Term
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import PERSONA_NAMES
from tests.security.hostile import assert_descriptions_resolve

pytestmark = pytest.mark.django_db

LIST = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200, "peer_expert": 403,
        "coordinator": 200, "analyst": 403, "privacy_officer": 403, "administrator": 403,
        "outsider": 200}  # fmt: skip
CREATE = {"police_officer": 403, "triage_nurse": 200, "followup_worker": 403,
          "peer_expert": 404, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
          "administrator": 404, "outsider": 404}  # fmt: skip
DETAIL = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200,
          "peer_expert": 404, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
          "administrator": 404, "outsider": 404}  # fmt: skip
# The response below is written by the triage nurse: the author and the coordinator may edit.
EDIT = {"police_officer": 403, "triage_nurse": 200, "followup_worker": 403,
        "peer_expert": 404, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
        "administrator": 404, "outsider": 404}  # fmt: skip


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def an_incident(**kwargs: Any) -> Incident:
    kwargs.setdefault("reported_at", timezone.now() - dt.timedelta(hours=3))
    return IncidentFactory(**kwargs)


def a_response(actor: Any, incident: Incident | None = None, **overrides: Any) -> Response:
    incident = incident or an_incident()
    now = timezone.now()
    data = ResponseData(
        care_professional=actor,
        police_officers=2,
        arrived_at=now - dt.timedelta(hours=2),
        departed_at=now - dt.timedelta(hours=1),
        ave_on_arrival=3,
        ave_on_leaving=2,
        risks=[term("risk", "verbal_aggression")],
        interventions=[term("intervention", "state_assessed")],
        safety_person=term("safety", "reasonable"),
        safety_surroundings=term("safety", "full"),
        outcome=term("outcome", "stayed_home"),
        follow_up_needed=False,
        notes="Zorgnotitie: synthetisch.",
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return register_response(actor, incident, data)


def form_data(incident: Incident, **overrides: Any) -> dict[str, Any]:
    local = timezone.localtime(incident.reported_at)
    data: dict[str, Any] = {
        "arrived_at": (local + dt.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
        "departed_at": (local + dt.timedelta(minutes=80)).strftime("%Y-%m-%dT%H:%M"),
        "police_departed_at": (local + dt.timedelta(minutes=35)).strftime("%Y-%m-%dT%H:%M"),
        "police_officers": "2",
        "ave_on_arrival": "3",
        "ave_on_leaving": "2",
        "risks": [term("risk", "verbal_aggression").pk, term("risk", "intoxication").pk],
        "interventions": [term("intervention", "state_assessed").pk],
        "bottlenecks": [],
        "safety_person": term("safety", "reasonable").pk,
        "safety_surroundings": term("safety", "full").pk,
        "outcome": term("outcome", "home_with_follow_up").pk,
        "follow_up_needed": "yes",
        "notes": "Synthetische zorgnotitie.",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_expectations_cover_every_persona() -> None:
    assert set(LIST) == set(CREATE) == set(DETAIL) == set(EDIT) == set(PERSONA_NAMES)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_response_list_per_persona(client_for, persona, name: str) -> None:
    response = a_response(persona("triage_nurse"))
    page = client_for(name).get(reverse("triage:response_list"))
    assert page.status_code == LIST[name]
    if page.status_code == 200:
        shown = response.incident.number in page.content.decode()
        assert shown is (name != "outsider")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_response_form_per_persona(client_for, name: str) -> None:
    incident = an_incident()
    page = client_for(name).get(reverse("triage:response_create", args=[incident.pk]))
    assert page.status_code == CREATE[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_response_detail_per_persona(client_for, persona, name: str) -> None:
    response = a_response(persona("triage_nurse"))
    page = client_for(name).get(reverse("triage:response_detail", args=[response.pk]))
    assert page.status_code == DETAIL[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_response_edit_per_persona(client_for, persona, name: str) -> None:
    response = a_response(persona("triage_nurse"))
    page = client_for(name).get(reverse("triage:response_edit", args=[response.pk]))
    assert page.status_code == EDIT[name]


def test_nurse_registers_a_response_and_follow_up_opens_a_trajectory(client_for, hotspot) -> None:
    incident = an_incident(person=PersonFactory(programmes=[hotspot]))
    page = client_for("triage_nurse").post(
        reverse("triage:response_create", args=[incident.pk]), form_data(incident)
    )
    response = Response.objects.get(incident=incident)
    assert page.status_code == 302
    assert page["Location"] == reverse("triage:response_detail", args=[response.pk])
    assert response.on_site_minutes == 60
    assert response.police_minutes == 2 * 15  # police left after 15 minutes: wit neemt over
    assert {t.code for t in response.risks.all()} == {"verbal_aggression", "intoxication"}
    trajectory = Trajectory.objects.get(response=response)
    assert trajectory.person == incident.person
    assert trajectory.status == "open"
    assert response.revisions.get().version == 1


def test_double_submit_creates_one_response(client_for) -> None:
    incident = an_incident()
    client = client_for("triage_nurse")
    data = form_data(incident)
    first = client.post(reverse("triage:response_create", args=[incident.pk]), data)
    second = client.post(reverse("triage:response_create", args=[incident.pk]), data)
    assert Response.objects.filter(incident=incident).count() == 1
    assert second["Location"] == first["Location"]
    assert Trajectory.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ave_on_arrival": ""}, "ave_on_arrival", "Dit veld is verplicht."),
        ({"ave_on_arrival": "5"}, "ave_on_arrival", "Selecteer een geldige keuze."),
        ({"ave_on_leaving": "0"}, "ave_on_leaving", "Selecteer een geldige keuze."),
        ({"interventions": []}, "interventions", "Kies minstens één interventie"),
        ("no_action_and_more", "interventions", "gaat niet samen met andere interventies"),
        ("departed_before_arrived", "departed_at", "Het vertrek ligt vóór de aankomst."),
        (
            "arrived_before_report",
            "arrived_at",
            "De aankomst ligt vóór het tijdstip van de melding.",
        ),
        ("police_left_before_arrival", "police_departed_at", "vertrek van de politie ligt vóór"),
        ({"departed_at": "2999-01-01T10:00"}, "departed_at", "Dit tijdstip ligt in de toekomst."),
        ({"police_officers": "-1"}, "police_officers", "minstens 0"),
        ({"follow_up_needed": ""}, "follow_up_needed", "Dit veld is verplicht."),
    ],
)
def test_validation_in_dutch_next_to_the_field(client_for, overrides, field, message) -> None:
    incident = an_incident()
    local = timezone.localtime(incident.reported_at)
    special = {
        "no_action_and_more": {
            "interventions": [
                term("intervention", "no_action").pk,
                term("intervention", "deescalated").pk,
            ]
        },
        "departed_before_arrived": {
            "departed_at": (local + dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
        },
        "arrived_before_report": {
            "arrived_at": (local - dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
        },
        "police_left_before_arrival": {
            "police_departed_at": (local + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
        },
    }
    changes = special[overrides] if isinstance(overrides, str) else overrides
    page = client_for("triage_nurse").post(
        reverse("triage:response_create", args=[incident.pk]), form_data(incident, **changes)
    )
    assert page.status_code == 400
    html = page.content.decode()
    errors_at = html.index(f'id="id_{field}_error"')
    assert message in html[errors_at : errors_at + 400]
    assert not Response.objects.exists()


def test_retired_codes_cannot_be_chosen_but_stay_on_old_records(client_for, persona) -> None:
    nurse = persona("triage_nurse")
    weapon = term("risk", "weapon")
    response = a_response(nurse, risks=[weapon])
    Term.objects.filter(pk=weapon.pk).update(retired_at=timezone.now())
    client = client_for("triage_nurse")

    new_incident = an_incident()
    page = client.post(
        reverse("triage:response_create", args=[new_incident.pk]),
        form_data(new_incident, risks=[weapon.pk]),
    )
    assert page.status_code == 400
    assert not Response.objects.filter(incident=new_incident).exists()

    detail = client.get(reverse("triage:response_detail", args=[response.pk])).content.decode()
    assert "wapen of gevaarlijk voorwerp" in detail
    assert "buiten gebruik" in detail
    edit = client.get(reverse("triage:response_edit", args=[response.pk]))
    assert weapon in edit.context["form"].fields["risks"].queryset


def test_police_never_see_care_notes(client_for, persona) -> None:
    response = a_response(persona("triage_nurse"), notes="Geheime zorgnotitie.")
    police = client_for("police_officer").get(reverse("triage:response_detail", args=[response.pk]))
    assert "Geheime zorgnotitie." not in police.content.decode()
    assert "Notities (zorg)" not in police.content.decode()
    nurse = client_for("triage_nurse").get(reverse("triage:response_detail", args=[response.pk]))
    assert "Geheime zorgnotitie." in nurse.content.decode()


def test_edit_is_recorded_in_history_with_who_and_when(client_for, persona) -> None:
    response = a_response(persona("triage_nurse"))
    data = form_data(response.incident, version="1", ave_on_leaving="1")
    page = client_for("coordinator").post(reverse("triage:response_edit", args=[response.pk]), data)
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.version == 2
    latest = response.revisions.get(version=2)
    assert latest.changed_by == persona("coordinator")
    assert latest.changes["ave_on_leaving"] == [2, 1]
    # The history shows a notes change to police only as "changed", never its text.
    html = (
        client_for("police_officer")
        .get(reverse("triage:response_detail", args=[response.pk]))
        .content.decode()
    )
    assert "Synthetische zorgnotitie." not in html
    assert "Versie 2" in html


def test_concurrent_edits_conflict_and_lose_nothing(client_for, persona) -> None:
    response = a_response(persona("triage_nurse"))
    nurse, coordinator = client_for("triage_nurse"), client_for("coordinator")
    url = reverse("triage:response_edit", args=[response.pk])
    # Both opened the form on version 1.
    first = nurse.post(url, form_data(response.incident, version="1", notes="Eerste versie."))
    assert first.status_code == 302
    second = coordinator.post(url, form_data(response.incident, version="1", notes="Tweede."))
    assert second.status_code == 409
    html = second.content.decode()
    assert "iemand anders heeft deze inzet intussen gewijzigd" in html
    assert "Eerste versie." in html  # what the other one saved is shown …
    assert second.context["form"]["notes"].value() == "Tweede."  # … and nothing typed is lost
    response.refresh_from_db()
    assert response.notes == "Eerste versie."
    assert response.version == 2
    # Saving again after seeing the conflict is a deliberate overwrite, on the new version.
    third = coordinator.post(url, form_data(response.incident, version="2", notes="Tweede."))
    assert third.status_code == 302
    response.refresh_from_db()
    assert (response.notes, response.version) == ("Tweede.", 3)


Read = tuple[int, str, str, str, str]


def with_reads(request: Callable[[], Any]) -> tuple[Any, list[Read]]:
    """The page ``request()`` answers and the READ rows it wrote: who, purpose, object and
    person key."""
    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = request()
    reads = AccessEvent.objects.filter(pk__gt=last, action=AccessEventAction.READ)
    return page, list(
        reads.values_list("user", "purpose", "object_type", "object_id", "person_key")
    )


def test_a_refused_new_response_is_400_and_logs_the_read_of_the_incident(
    client_for, persona, hotspot
) -> None:
    # The page that comes back shows the incident again, so it is a read like the GET's.
    incident = an_incident(person=PersonFactory(programmes=[hotspot]))
    url = reverse("triage:response_create", args=[incident.pk])
    client = client_for("triage_nurse")
    page, reads = with_reads(lambda: client.post(url, form_data(incident, ave_on_arrival="")))
    assert page.status_code == 400
    assert "Dit veld is verplicht." in page.content.decode()
    assert_descriptions_resolve(page.content.decode())  # the error is tied to its field
    assert reads == [
        (
            persona("triage_nurse").pk,
            "triage:create-form",
            "intake.incident",
            str(incident.pk),
            incident.person.display_key,
        )
    ]
    assert with_reads(lambda: client.get(url))[1] == reads  # the same row as the GET's
    assert not Response.objects.exists()


def _edit_form_read(user: Any, response: Response) -> tuple[object, ...]:
    """The read row the edit form writes: who, why, which response, whose."""
    key = response.incident.person.display_key
    return (user.pk, "triage:edit-form", "triage.response", str(response.pk), key)


def test_a_refused_edit_is_400_and_logs_the_read_of_the_response(client_for, persona) -> None:
    response = a_response(persona("triage_nurse"), an_incident(person=PersonFactory()))
    url = reverse("triage:response_edit", args=[response.pk])
    client = client_for("coordinator")
    data = form_data(response.incident, version="1", interventions=[])
    page, reads = with_reads(lambda: client.post(url, data))
    assert page.status_code == 400
    html = page.content.decode()
    errors_at = html.index('id="id_interventions_error"')
    assert "Kies minstens één interventie" in html[errors_at : errors_at + 400]
    assert reads == [_edit_form_read(persona("coordinator"), response)]
    assert with_reads(lambda: client.get(url))[1] == reads  # the same row as the GET's
    response.refresh_from_db()
    assert response.version == 1


def test_an_edit_conflict_is_409_keeps_what_was_typed_and_logs_the_read(
    client_for, persona
) -> None:
    response = a_response(persona("triage_nurse"), an_incident(person=PersonFactory()))
    url = reverse("triage:response_edit", args=[response.pk])
    saved = client_for("triage_nurse").post(
        url, form_data(response.incident, version="1", notes="Eerste versie.")
    )
    assert saved.status_code == 302
    client = client_for("coordinator")
    page, reads = with_reads(
        lambda: client.post(url, form_data(response.incident, version="1", notes="Tweede."))
    )
    assert page.status_code == 409
    assert "iemand anders heeft deze inzet intussen gewijzigd" in page.content.decode()
    assert page.context["form"]["notes"].value() == "Tweede."
    assert page.context["form"]["version"].value() == "2"  # saving again is a deliberate choice
    assert reads == [_edit_form_read(persona("coordinator"), response)]
    response.refresh_from_db()
    assert (response.notes, response.version) == ("Eerste versie.", 2)


@pytest.mark.parametrize("version", ["", "abc", "-1", str(2**64), "9" * 40])
def test_a_missing_or_tampered_version_is_a_conflict_not_an_error(
    client_for, persona, version: str
) -> None:
    # The version is hidden: a mangled one is no version the response ever had, so the page
    # shows the conflict and what is saved now, not an error on a field nobody can see.
    response = a_response(persona("triage_nurse"), an_incident(person=PersonFactory()))
    url = reverse("triage:response_edit", args=[response.pk])
    page = client_for("coordinator").post(
        url, form_data(response.incident, version=version, notes="Gemanipuleerd.")
    )
    assert page.status_code == 409
    response.refresh_from_db()
    assert (response.notes, response.version) != ("Gemanipuleerd.", 2)
    assert response.version == 1


def test_response_list_filters(client_for, persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    a_response(nurse, an_incident(number="AVE4"), ave_on_arrival=4)
    a_response(nurse, an_incident(number="HOSP"), outcome=term("outcome", "hospital"))
    client = client_for("coordinator")
    html = client.get(reverse("triage:response_list"), {"ave": "4"}).content.decode()
    assert "AVE4" in html
    assert "HOSP" not in html
    html = client.get(reverse("triage:response_list"), {"outcome": "hospital"}).content.decode()
    assert "HOSP" in html
    assert "AVE4" not in html


def test_response_list_query_count_is_flat(
    client_for, persona, django_assert_max_num_queries
) -> None:
    nurse = persona("triage_nurse")
    client = client_for("coordinator")
    # with a person: the log row names the persons shown, in one insert however many
    a_response(nurse, an_incident(person=PersonFactory()))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("triage:response_list"))
    for _ in range(10):
        a_response(nurse, an_incident(person=PersonFactory()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("triage:response_list"))
    assert page.context["page"].paginator.count == 11


def test_incidents_awaiting_a_response_are_offered_to_the_nurse(client_for) -> None:
    incident = an_incident(number="WACHT-1")
    html = client_for("triage_nurse").get(reverse("triage:response_list")).content.decode()
    assert reverse("triage:response_create", args=[incident.pk]) in html


def test_history_shows_values_as_the_page_does(client_for, persona) -> None:
    """The history stores codes, slugs, user names and UTC times; the page shows labels,
    names, Dutch local times, yes or no, and no code anywhere."""
    nurse = persona("triage_nurse")
    arrived = dt.datetime(2026, 7, 1, 21, 5, tzinfo=dt.UTC)  # 23:05 in Amsterdam (summer)
    response = a_response(
        nurse, arrived_at=arrived, departed_at=arrived + dt.timedelta(hours=1), police_officers=0
    )
    first = response.revisions.get(version=1).changes
    assert first["outcome"] == [None, "stayed_home"]
    assert first["follow_up_needed"] == [None, False]
    html = (
        client_for("coordinator")
        .get(reverse("triage:response_detail", args=[response.pk]))
        .content.decode()
    )
    history = html[html.index("Geschiedenis") :]
    outcome = term("outcome", "stayed_home").label
    assert f"uitkomst: — → {outcome}" in history
    assert f"veiligheid persoon bij vertrek: — → {term('safety', 'reasonable').label}" in history
    assert "opvolging nodig: onbekend → nee" in history
    assert "aantal agenten ter plaatse: — → 0" in history
    assert "aankomst zorg: — → 1 jul 2026 23:05" in history
    care = nurse.get_full_name() or nurse.get_username()
    assert f"zorgprofessional ter plaatse: — → {care}" in history
    for code in ("stayed_home", "reasonable", "verbal_aggression", "state_assessed", "+00:00"):
        assert code not in history


def test_history_labels_cost_the_same_queries_for_many_revisions(
    client_for, persona, django_assert_max_num_queries
) -> None:
    nurse, coordinator = persona("triage_nurse"), client_for("coordinator")
    response = a_response(nurse)
    url = reverse("triage:response_detail", args=[response.pk])
    with django_assert_max_num_queries(40) as few:
        coordinator.get(url)
    one_revision = len(few.captured_queries)  # read now: every request empties the query log
    outcomes = ["home_with_follow_up", "stayed_home", "crisis_assessment"]
    for version, outcome in enumerate(outcomes * 2, start=1):
        data = form_data(
            response.incident, version=str(version), outcome=term("outcome", outcome).pk
        )
        assert (
            coordinator.post(reverse("triage:response_edit", args=[response.pk]), data).status_code
            == 302
        )
    with django_assert_max_num_queries(one_revision):
        page = coordinator.get(url)
    assert page.content.decode().count("Versie ") == 7
