"""One open trajectory per person per programme: joining instead of opening, the database
constraint, the import, parallel trajectories merged and undone, and two reports at once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from grip.followup import actions, merging
from grip.followup.models import (
    Contact,
    EventKind,
    Trajectory,
    TrajectoryMerge,
    TrajectoryStatus,
)
from grip.network.models import Programme
from grip.people import linking
from grip.people.models import MatchReason, MatchSuggestion
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import a_trajectory, term
from tests.triage.test_exchange_helpers import a_row, csv_bytes, run_import
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db


def _open_of(person) -> list[Trajectory]:
    return list(Trajectory.objects.filter(person=person, status=TrajectoryStatus.OPEN))


def test_an_i28_report_joins_the_open_trajectory(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = a_trajectory(coordinator, hotspot)
    report = IncidentFactory(programme=hotspot, person=first.person)
    joined = actions.open_from_incident(coordinator, report, "Nieuwe zorgmelding.")
    assert joined.pk == first.pk
    assert joined.was_joined  # type: ignore[attr-defined]
    assert _open_of(first.person) == [first]
    assert list(first.joined_incidents.all()) == [report]
    event = first.events.get(kind=EventKind.JOINED)
    assert event.data["incident"] == report.pk


def test_another_programme_or_no_person_opens_its_own(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    wijk = Programme.objects.get(slug="groninger-vroegsignalering")
    first = a_trajectory(coordinator, hotspot)
    elsewhere = IncidentFactory(programme=wijk, person=first.person)
    other = actions.open_trajectory(
        coordinator, programme=wijk, person=first.person, incident=elsewhere
    )
    assert other.pk != first.pk
    loose = [
        actions.open_trajectory(
            coordinator, programme=hotspot, person=None, incident=IncidentFactory(person=None)
        )
        for _ in range(2)
    ]
    assert loose[0].pk != loose[1].pk  # nothing says two unknown persons are one
    assert set(merging.without_person_for(coordinator)) >= set(loose)


def test_the_database_refuses_a_second_open_trajectory(persona, hotspot) -> None:
    first = a_trajectory(persona("coordinator"), hotspot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trajectory.objects.create(programme=hotspot, person=first.person)
    Trajectory.objects.create(programme=hotspot, person=first.person, status="closed")


def test_responses_join_in_bulk(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    person = PersonFactory(programmes=[hotspot])
    incidents = [IncidentFactory(programme=hotspot, person=person) for _ in range(3)]
    responses = [a_response(nurse, incident) for incident in incidents]
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(follow_up_needed=True)
    for response in responses:
        response.refresh_from_db()
    ids = actions.open_for_responses(responses[:2])
    assert len(ids) == 1
    only = Trajectory.objects.get(pk=ids[0])
    assert only.response == responses[0]
    assert list(only.joined_responses.all()) == [responses[1]]
    assert actions.open_for_responses(responses) == []  # the third joins; nothing opens
    assert set(only.joined_responses.all()) == {responses[1], responses[2]}
    assert only.events.filter(kind=EventKind.JOINED).count() == 2
    assert actions.open_for_responses(responses) == []  # never twice


def test_the_import_opens_one_trajectory_per_person(reference) -> None:
    rows = [
        a_row(incident_number="A-1", person_key="K-EEN", follow_up="yes"),
        a_row(incident_number="A-2", person_key="K-EEN", follow_up="yes"),
    ]
    run_import(csv_bytes(rows))
    run_import(csv_bytes([a_row(incident_number="A-3", person_key="K-EEN", follow_up="yes")]))
    trajectory = Trajectory.objects.get()
    assert trajectory.is_open
    assert trajectory.joined_responses.count() == 2
    assert trajectory.events.filter(kind=EventKind.JOINED).count() == 2


def _parallel(coordinator, hotspot) -> tuple[Trajectory, Trajectory]:
    """Two open trajectories of one person, as a person merge leaves behind: built with the
    constraint's help absent (work without a person linked by hand)."""
    kept = a_trajectory(coordinator, hotspot)
    loose = actions.open_trajectory(
        coordinator, programme=hotspot, person=None, incident=IncidentFactory(person=None)
    )
    return kept, loose


def test_merge_moves_the_work_and_undo_moves_it_back(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    kept, loose = _parallel(coordinator, hotspot)
    contact = actions.add_contact(
        coordinator, loose, at=loose.opened_at, kind=term("contact_kind", "phone"),
        with_whom="person", partner=None, with_peer_expert=False, activities=[],
        result="Synthetisch gesprek.", by_organisation=None,
    )  # fmt: skip
    survivor = merging.link_person(coordinator, loose, kept.person, "Zelfde betrokkene.")
    assert survivor == kept
    loose.refresh_from_db()
    assert loose.status == TrajectoryStatus.CLOSED
    assert loose.events.filter(kind=EventKind.MERGED_INTO).get().data["survivor"] == kept.pk
    assert Contact.objects.get(pk=contact.pk).trajectory == kept
    assert loose.incident in kept.joined_incidents.all()
    done = TrajectoryMerge.objects.get()

    merging.undo_merge(coordinator, done, "Toch niet dezelfde.")
    loose.refresh_from_db()
    assert loose.is_open
    assert loose.person is None
    assert Contact.objects.get(pk=contact.pk).trajectory == loose
    assert loose.incident not in kept.joined_incidents.all()
    with pytest.raises(ValidationError):
        merging.undo_merge(coordinator, done, "Nogmaals.")


def test_merge_needs_a_coordinator_and_one_person(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    one = a_trajectory(coordinator, hotspot)
    two = a_trajectory(coordinator, hotspot)
    with pytest.raises(ValidationError):
        merging.merge(coordinator, one, two, "Verschillende personen.")
    with pytest.raises(PermissionDenied):
        merging.merge(persona("followup_worker"), one, two, "Geen coördinator.")


def test_a_person_merge_merges_their_open_trajectories(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first, second = a_trajectory(coordinator, hotspot), a_trajectory(coordinator, hotspot)
    low, high = sorted([first.person, second.person], key=lambda p: p.pk)
    suggestion = MatchSuggestion.objects.create(
        person_a=low, person_b=high, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )
    linking.merge(coordinator, suggestion, survivor=first.person, reason="Zelfde persoon.")
    assert _open_of(first.person) == [first]
    done = TrajectoryMerge.objects.get()
    assert (done.survivor, done.absorbed) == (first, second)
    # Listed for the coordinator until undone; the undo gives it back without a person.
    merging.undo_merge(coordinator, done, "Toch twee personen.")
    second.refresh_from_db()
    assert second.is_open
    assert second.person is None


def test_the_coordinator_screen_merges(persona, hotspot, client_for) -> None:
    coordinator = persona("coordinator")
    kept, loose = _parallel(coordinator, hotspot)
    client = client_for("coordinator")
    page = client.get("/opvolging/parallel/")
    assert page.status_code == 200
    assert f"#{loose.pk}" in page.content.decode()
    refused = client.post(f"/opvolging/{loose.pk}/betrokkene/", {f"link-{loose.pk}-reason": "x"})
    assert refused.status_code == 400
    assert "Dit veld is verplicht" in refused.content.decode()
    done = client.post(
        f"/opvolging/{loose.pk}/betrokkene/",
        {f"link-{loose.pk}-person_key": kept.person.display_key, f"link-{loose.pk}-reason": "Ja"},
    )
    assert done.status_code == 302
    assert _open_of(kept.person) == [kept]
    merge = TrajectoryMerge.objects.get()
    undone = client.post(
        f"/opvolging/parallel/{merge.pk}/ongedaan/", {f"undo-{merge.pk}-reason": "Vergissing."}
    )
    assert undone.status_code == 302
    loose.refresh_from_db()
    assert loose.is_open


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks on two connections")
@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_make_one_trajectory(persona, hotspot) -> None:
    """Two real connections: the first report has opened the trajectory but not committed;
    the second waits on the person's lock, then finds it and joins."""
    coordinator = persona("coordinator")
    person = PersonFactory(programmes=[hotspot])
    reports = [IncidentFactory(programme=hotspot, person=person) for _ in range(2)]
    opened, release = threading.Event(), threading.Event()
    first: dict[str, Trajectory] = {}

    def first_report() -> None:
        try:
            with transaction.atomic():
                first["t"] = actions.open_from_incident(coordinator, reports[0], "Eerste.")
                opened.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_report)
    thread.start()
    try:
        assert opened.wait(10)
        threading.Timer(0.3, release.set).start()
        second = actions.open_from_incident(coordinator, reports[1], "Tweede.")
    finally:
        release.set()
        thread.join(10)
    assert second.pk == first["t"].pk
    assert second.was_joined  # type: ignore[attr-defined]
    assert Trajectory.objects.filter(person=person).count() == 1


def test_reopening_is_refused_while_the_person_has_another_open_one(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = a_trajectory(coordinator, hotspot)
    actions.close_trajectory(
        coordinator, first, reason=term("closure_reason", "other"), text="Even rust."
    )
    second = a_trajectory(coordinator, hotspot, person=first.person)
    assert second.pk != first.pk
    with pytest.raises(ValidationError) as refused:
        actions.reopen_trajectory(coordinator, first, "Toch weer zorgen.")
    assert str(second.pk) in str(refused.value)
