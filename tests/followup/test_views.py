from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventAction
from grip.followup import actions
from grip.followup.models import Contact, NotificationLog, Trajectory
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import a_trajectory, org, term
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

MY_WORK = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200,
           "peer_expert": 200, "coordinator": 200, "analyst": 403, "privacy_officer": 403,
           "administrator": 403, "outsider": 200}  # fmt: skip
OVERVIEW = dict.fromkeys(PERSONA_NAMES, 403) | {"coordinator": 200, "outsider": 200}
# A Hotspot trajectory whose casusregie WIJ Groningen (the follow-up worker's) holds.
DETAIL = {"police_officer": 200, "triage_nurse": 404, "followup_worker": 200,
          "peer_expert": 404, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
          "administrator": 404, "outsider": 404}  # fmt: skip
CONTACT = {"police_officer": 403, "triage_nurse": 404, "followup_worker": 302,
           "peer_expert": 404, "coordinator": 302, "analyst": 404, "privacy_officer": 404,
           "administrator": 404, "outsider": 404}  # fmt: skip


@pytest.fixture
def held(persona, hotspot) -> Trajectory:
    return a_trajectory(
        persona("coordinator"),
        hotspot,
        case_organisation=org("wij-groningen"),
        case_holder=persona("followup_worker"),
    )


def contact_data() -> dict[str, object]:
    return {
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": term("contact_kind", "home_visit").pk,
        "with_whom": "person",
        "with_peer_expert": "on",
        "activities": [term("intervention", "deescalated").pk],
        "result": "Rustig gesprek, afspraak volgende week.",
    }


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_my_work_per_persona(client_for, held, name: str) -> None:
    page = client_for(name).get(reverse("followup:my_work"))
    assert page.status_code == MY_WORK[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_overview_per_persona(client_for, held, name: str) -> None:
    page = client_for(name).get(reverse("followup:overview"))
    assert page.status_code == OVERVIEW[name]
    if page.status_code == 200:
        shown = reverse("followup:trajectory_detail", args=[held.pk]) in page.content.decode()
        assert shown is (name == "coordinator")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_trajectory_detail_per_persona(client_for, held, name: str) -> None:
    page = client_for(name).get(reverse("followup:trajectory_detail", args=[held.pk]))
    assert page.status_code == DETAIL[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_recording_a_contact_per_persona(client_for, held, name: str) -> None:
    url = reverse("followup:trajectory_action", args=[held.pk, "contact"])
    page = client_for(name).post(url, contact_data())
    assert page.status_code == CONTACT[name]
    assert Contact.objects.exists() is (CONTACT[name] == 302)


def test_police_see_existence_ave_and_holder_but_never_the_work(client_for, held, persona) -> None:
    actions.add_contact(
        persona("followup_worker"), held, at=timezone.now(),
        kind=term("contact_kind", "home_visit"), with_whom="person", partner=None,
        with_peer_expert=False, activities=[], result="Vertrouwelijk resultaat.",
        by_organisation=org("wij-groningen"),
    )  # fmt: skip
    html = (
        client_for("police_officer")
        .get(reverse("followup:trajectory_detail", args=[held.pk]))
        .content.decode()
    )
    assert "WIJ Groningen" in html
    assert "Vertrouwelijk resultaat." not in html
    assert "Contactmomenten" not in html


def test_a_peer_experts_organisation_takes_part_once_it_has_a_task(
    client_for, held, persona
) -> None:
    peer = persona("peer_expert")
    url = reverse("followup:trajectory_detail", args=[held.pk])
    assert client_for("peer_expert").get(url).status_code == 404
    actions.add_task(
        persona("followup_worker"), held, title="Samen op huisbezoek", owner=peer,
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )  # fmt: skip
    assert client_for("peer_expert").get(url).status_code == 200


def test_form_errors_come_back_next_to_the_field(client_for, held) -> None:
    url = reverse("followup:trajectory_action", args=[held.pk, "ave"])
    page = client_for("coordinator").post(url, {"level": "3", "reason": "Escalatie."})
    assert page.status_code == 400
    html = page.content.decode()
    at = html.index('id="id_ave_process_organisation_error"')
    assert "procesregie verplicht" in html[at : at + 300]
    close = client_for("coordinator").post(
        reverse("followup:trajectory_action", args=[held.pk, "close"]), {"reason": ""}
    )
    assert "Kies waarom het traject wordt afgesloten." in close.content.decode()


def test_i28_report_opens_a_trajectory_directly(client_for, hotspot) -> None:
    incident = IncidentFactory(kind=term("incident_code", "I28"), number="I28-1")
    page = client_for("followup_worker").post(
        reverse("followup:open_from_incident", args=[incident.pk]), {"reason": "Vroeg erop af."}
    )
    trajectory = Trajectory.objects.get(incident=incident)
    assert page["Location"] == reverse("followup:trajectory_detail", args=[trajectory.pk])
    assert trajectory.response is None


def test_a_refused_open_form_is_400_and_logs_the_read_of_the_incident(
    client_for, persona, hotspot
) -> None:
    incident = IncidentFactory(
        kind=term("incident_code", "I28"), person=PersonFactory(programmes=[hotspot])
    )
    url = reverse("followup:open_from_incident", args=[incident.pk])
    client = client_for("followup_worker")
    assert client.get(url).status_code == 200
    page = client.post(url, {"reason": ""})
    assert page.status_code == 400
    html = page.content.decode()
    errors_at = html.index('id="id_reason_error"')
    assert "Dit veld is verplicht." in html[errors_at : errors_at + 300]
    assert not Trajectory.objects.filter(incident=incident).exists()
    # The refused page shows the incident again: a read row like the GET's, one per page.
    reads = AccessEvent.objects.filter(
        user=persona("followup_worker"), action=AccessEventAction.READ
    )
    assert (
        list(reads.values_list("purpose", "object_id", "person_key"))
        == [("followup:open-form", str(incident.pk), incident.person.display_key)] * 2
    )


def test_worklists_do_not_grow_in_queries(
    client_for, persona, hotspot, django_assert_max_num_queries
) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    a_trajectory(coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker)
    for url, client in (
        (reverse("followup:overview"), client_for("coordinator")),
        (reverse("followup:my_work"), client_for("followup_worker")),
    ):
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        for _ in range(8):
            trajectory = a_trajectory(
                coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker
            )
            actions.add_task(
                worker, trajectory, title="Bellen", owner=worker, due_on=timezone.localdate()
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(url)
        assert page.status_code == 200


def test_notify_sends_each_holder_one_digest_a_day(persona, held) -> None:
    worker = persona("followup_worker")
    worker.email = "opvolger@voorbeeld.invalid"
    worker.save()
    actions.add_task(
        worker, held, title="Netwerk bellen", owner=worker,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    call_command("notify")
    call_command("notify")  # idempotent within the day
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["opvolger@voorbeeld.invalid"]
    assert held.person.display_key in message.body
    assert "taak over tijd" in message.body
    assert reverse("followup:trajectory_detail", args=[held.pk]) in message.body
    assert "Synthetische testmelding." not in message.body  # nothing from the case itself
    assert NotificationLog.objects.get().items >= 1
