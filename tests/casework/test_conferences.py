from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grip.casework import actions
from grip.casework.actions import AgreementLine
from grip.casework.models import Conference, Plan
from grip.followup.models import EventKind, Trajectory
from grip.sharing.models import SharingKind, SharingRecord
from tests.casework.helpers import a_conference, a_plan, a_table, held_trajectory, in_days
from tests.followup.helpers import org
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

# Lentis (the nurse's) and WIJ (the follow-up worker's) take part; the coordinator chairs.
DETAIL = dict.fromkeys(PERSONA_NAMES, 404) | {
    "triage_nurse": 200,
    "followup_worker": 200,
    "coordinator": 200,
}


@pytest.fixture
def conference(persona, hotspot) -> Conference:
    return a_conference(persona("coordinator"), a_table(persona("coordinator"), hotspot))


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_participants_and_the_coordinator_see_a_conference(
    client_for, persona, conference, name: str
) -> None:
    page = client_for(name).get(reverse("casework:conference_detail", args=[conference.pk]))
    assert page.status_code == DETAIL[name]
    listed = Conference.objects.visible_to(persona(name)).filter(pk=conference.pk).exists()
    assert listed == (DETAIL[name] == 200)


def test_a_participant_of_another_conference_does_not_see_this_one(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    table = a_table(coordinator, hotspot, "OGGz-overleg Noord", mandate=False)
    only_lentis = a_conference(coordinator, table, "lentis")
    assert Conference.objects.visible_to(persona("triage_nurse")).filter(pk=only_lentis.pk).exists()
    assert (
        not Conference.objects.visible_to(persona("followup_worker"))
        .filter(pk=only_lentis.pk)
        .exists()
    )
    # Police take part in a ZVH table, yet see none of its content (social data).
    with_police = a_conference(coordinator, table, "politie-noord-nederland")
    assert (
        not Conference.objects.visible_to(persona("police_officer"))
        .filter(pk=with_police.pk)
        .exists()
    )


def test_putting_a_person_on_the_agenda_records_the_sharing(persona, hotspot, conference) -> None:
    trajectory = held_trajectory(persona, hotspot)
    actions.put_on_agenda(persona("coordinator"), conference, trajectory)
    records = SharingRecord.objects.filter(person=trajectory.person)
    # WIJ holds the case; Lentis learns of it at the table, on the conference's ground.
    assert [
        (r.kind, r.from_organisation, r.to_organisation, r.legal_basis.code) for r in records
    ] == [(SharingKind.CONFERENCE, org("wij-groningen"), org("lentis"), "zvh_covenant")]
    with pytest.raises(ValidationError):
        actions.put_on_agenda(persona("coordinator"), conference, trajectory)  # once


def test_agenda_by_key_through_the_screen(client_for, persona, hotspot, conference) -> None:
    trajectory = held_trajectory(persona, hotspot)
    url = reverse("casework:agenda_add", args=[conference.pk])
    client = client_for("followup_worker")
    unknown = client.post(url, {"person_key": "GR-ONBEKEND"})
    assert unknown.status_code == 400
    assert "Geen open traject met deze sleutel" in unknown.content.decode()
    added = client.post(url, {"person_key": trajectory.person.display_key.lower()})
    assert added.status_code == 302
    assert conference.items.get().trajectory == trajectory


def test_a_decision_updates_the_plan_and_assigns_direction(
    client_for, persona, hotspot, conference
) -> None:
    coordinator = persona("coordinator")
    trajectory = held_trajectory(persona, hotspot)
    a_plan(persona("followup_worker"), trajectory)
    item = actions.put_on_agenda(coordinator, conference, trajectory)
    page = client_for("coordinator").post(
        reverse("casework:decision_add", args=[conference.pk, item.pk]),
        {
            "text": "Lentis neemt de casusregie over; gezamenlijk huisbezoek.",
            "agreement_text": "Gezamenlijk huisbezoek",
            "agreement_owner": org("lentis").pk,
            "agreement_due_on": in_days(5).isoformat(),
            "review_on": in_days(21).isoformat(),
            "direction_to": org("lentis").pk,
        },
    )
    assert page.status_code == 302
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    assert trajectory.case_organisation == org("lentis")
    assert trajectory.events.filter(kind=EventKind.DIRECTION_SET).exists()
    plan = Plan.objects.get(trajectory=trajectory)
    assert plan.version == 2
    assert plan.review_on == in_days(21)
    newest = plan.versions.first()
    assert newest.decision is not None  # type: ignore[union-attr]
    assert [a.text for a in newest.agreements.all()] == [  # type: ignore[union-attr]
        "Huisbezoek met ervaringsdeskundige",
        "Gezamenlijk huisbezoek",
    ]
    assert next(g.text for g in newest.goals.all()) == "Dak boven het hoofd"  # type: ignore[union-attr]


def test_minutes_refuse_identifying_text(client_for, persona, hotspot, conference) -> None:
    trajectory = held_trajectory(persona, hotspot)
    item = actions.put_on_agenda(persona("coordinator"), conference, trajectory)
    page = client_for("coordinator").post(
        reverse("casework:decision_add", args=[conference.pk, item.pk]),
        {"text": "Bel hem op 06-12345678 voor een afspraak."},
    )
    assert page.status_code == 400
    assert "identificerende gegevens" in page.content.decode()
    assert not item.decisions.exists()
    with pytest.raises(ValidationError):
        actions.record_decision(persona("coordinator"), item, text="Postcode 9711 AB")


def test_a_participant_without_steering_cannot_move_direction(persona, hotspot, conference) -> None:
    trajectory = held_trajectory(persona, hotspot)
    item = actions.put_on_agenda(persona("coordinator"), conference, trajectory)
    nurse = persona("triage_nurse")  # Lentis takes part but does not hold the case
    with pytest.raises(ValidationError) as refused:
        actions.record_decision(nurse, item, text="Regie naar Lentis", direction_to=org("lentis"))
    assert "direction_to" in refused.value.message_dict
    assert not item.decisions.exists()  # nothing half-written
    with pytest.raises(ValidationError):
        actions.record_decision(
            nurse, item, text="Afspraak",
            agreement=AgreementLine("Bellen", org("lentis"), in_days(2)),
        )  # fmt: skip
    decision = actions.record_decision(nurse, item, text="Lentis denkt mee over medicatie.")
    assert decision.pk is not None


def test_only_the_coordinator_sets_up_tables_and_conferences(persona, hotspot) -> None:
    for name in ("followup_worker", "triage_nurse", "police_officer", "outsider"):
        with pytest.raises(PermissionDenied):
            a_table(persona(name), hotspot)
    table = a_table(persona("coordinator"), hotspot)
    with pytest.raises(ValidationError):
        a_table(persona("coordinator"), hotspot)  # the same name twice
    with pytest.raises(PermissionDenied):
        a_conference(persona("followup_worker"), table)


def test_the_coordinator_creates_a_conference_through_the_screen(
    client_for, persona, hotspot
) -> None:
    table = a_table(persona("coordinator"), hotspot, "OGGz-overleg Centrum", mandate=False)
    from tests.followup.helpers import term

    page = client_for("coordinator").post(
        reverse("casework:conference_new"),
        {
            "table": table.pk,
            "held_on": in_days(2).isoformat(),
            "participants": [org("lentis").pk, org("wij-groningen").pk],
            "legal_basis": term("legal_basis", "wmo_2015").pk,
        },
    )
    assert page.status_code == 302
    made = Conference.objects.get(table=table)
    assert set(made.participants.values_list("slug", flat=True)) == {"lentis", "wij-groningen"}


def test_conference_list_queries_do_not_grow(
    client_for, persona, hotspot, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    table = a_table(coordinator, hotspot)
    a_conference(coordinator, table)
    client = client_for("triage_nurse")
    url = reverse("casework:conference_list")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(6):
        conference = a_conference(coordinator, table)
        actions.put_on_agenda(coordinator, conference, held_trajectory(persona, hotspot))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("ZVH-escalatie") >= 7


def test_conference_page_queries_do_not_grow_with_the_agenda(
    client_for, persona, hotspot, conference, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    client = client_for("coordinator")
    url = reverse("casework:conference_detail", args=[conference.pk])
    item = actions.put_on_agenda(coordinator, conference, held_trajectory(persona, hotspot))
    actions.record_decision(coordinator, item, text="Besluit een")
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(5):
        more = actions.put_on_agenda(coordinator, conference, held_trajectory(persona, hotspot))
        actions.record_decision(coordinator, more, text="Nog een besluit")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_outside_the_conference_or_the_case_the_actions_refuse(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    table = a_table(coordinator, hotspot)
    only_lentis = a_conference(coordinator, table, "lentis")
    trajectory = held_trajectory(persona, hotspot)  # WIJ's case
    with pytest.raises(PermissionDenied):  # WIJ does not take part in this conference
        actions.put_on_agenda(persona("followup_worker"), only_lentis, trajectory)
    with pytest.raises(PermissionDenied):  # Lentis takes part but cannot see WIJ's case
        actions.put_on_agenda(persona("triage_nurse"), only_lentis, trajectory)
    item = actions.put_on_agenda(coordinator, only_lentis, trajectory)
    with pytest.raises(PermissionDenied):
        actions.record_decision(persona("followup_worker"), item, text="Niet van mij")
