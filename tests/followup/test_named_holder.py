"""A named holder: "geen naamhouder" until someone of the holding organisation takes it, the
accept of a hand-over names the accepting user, and Mijn werk per person, most urgent first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.followup import actions
from grip.followup.models import DirectionKind, Trajectory
from grip.followup.worklist import signals_of, with_signals
from tests.followup.helpers import a_trajectory, org

pytestmark = pytest.mark.django_db


def _codes(trajectory: Trajectory) -> set[str]:
    annotated = with_signals(Trajectory.objects.filter(pk=trajectory.pk)).get()
    return {signal.code for signal in signals_of(annotated)}


def test_an_organisation_alone_is_flagged_until_someone_takes_it(persona, hotspot) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    trajectory = a_trajectory(coordinator, hotspot, case_organisation=org("wij-groningen"))
    assert "no_named_holder" in _codes(trajectory)
    with pytest.raises(actions.PermissionDenied):
        actions.take_case_direction(persona("triage_nurse"), trajectory)  # Lentis: not theirs
    actions.take_case_direction(worker, trajectory)
    trajectory.refresh_from_db()
    assert trajectory.case_holder == worker
    assert "no_named_holder" not in _codes(trajectory)


def test_accepting_a_handover_names_the_accepting_user(persona, hotspot) -> None:
    coordinator, nurse = persona("coordinator"), persona("triage_nurse")
    trajectory = a_trajectory(coordinator, hotspot, case_organisation=org("wij-groningen"))
    handover = actions.request_handover(
        coordinator, trajectory, DirectionKind.CASE, org("lentis"), "Past beter bij Lentis."
    )
    actions.answer_handover(nurse, handover, accept=True)
    trajectory.refresh_from_db()
    assert (trajectory.case_organisation, trajectory.case_holder) == (org("lentis"), nurse)
    # A coordinator accepting on the organisation's behalf does not become its holder.
    second = actions.request_handover(
        coordinator, trajectory, DirectionKind.CASE, org("wij-groningen"), "Terug naar WIJ."
    )
    actions.answer_handover(coordinator, second, accept=True)
    trajectory.refresh_from_db()
    assert trajectory.case_holder is None
    assert "no_named_holder" in _codes(trajectory)


def test_my_work_groups_by_person_and_puts_what_waits_for_the_user_first(
    persona, hotspot, client_for
) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    calm = a_trajectory(
        coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker
    )
    waiting = a_trajectory(coordinator, hotspot, case_organisation=org("lentis"))
    actions.request_handover(
        coordinator, waiting, DirectionKind.CASE, org("wij-groningen"), "Naar WIJ."
    )
    page = client_for("followup_worker").get(reverse("followup:my_work")).content.decode()
    assert "wacht op u" in page
    assert page.index(waiting.person.display_key) < page.index(calm.person.display_key)


def test_my_work_pages_and_does_not_grow_in_queries(
    persona, hotspot, client_for, django_assert_max_num_queries
) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    client = client_for("followup_worker")
    a_trajectory(coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("followup:my_work"))
    for _ in range(30):
        a_trajectory(
            coordinator, hotspot, case_organisation=org("wij-groningen"), case_holder=worker
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(reverse("followup:my_work"))
    assert "Pagina 1 van 2" in first.content.decode()
    second = client.get(reverse("followup:my_work"), {"pagina": 2})
    assert second.content.decode().count('class="person-group"') == 6
