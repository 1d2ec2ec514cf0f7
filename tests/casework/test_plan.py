from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grip.access.models import AppendOnlyError
from grip.casework import actions
from grip.casework.models import Goal, Plan, PlanVersion
from tests.casework.helpers import a_plan, held_trajectory, in_days
from tests.followup.helpers import org, term
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

# A Hotspot trajectory whose case direction WIJ Groningen (the follow-up worker's) holds.
PLAN_GET = dict.fromkeys(PERSONA_NAMES, 404) | {
    "police_officer": 403,  # sees the trajectory, never its plan (social data)
    "followup_worker": 200,
    "coordinator": 200,
}


def plan_post(
    review: int = 30, based_on: int = 0, goal: str = "Schulden op een rij"
) -> dict[str, object]:
    return {
        "based_on": based_on,
        "review_on": in_days(review).isoformat(),
        "note": "",
        "goal-TOTAL_FORMS": 2, "goal-INITIAL_FORMS": 0,
        "goal-0-life_domain": term("life_domain", "finances").pk, "goal-0-text": goal,
        "goal-1-life_domain": "", "goal-1-text": "",
        "agreement-TOTAL_FORMS": 1, "agreement-INITIAL_FORMS": 0,
        "agreement-0-text": "Budgetcoach inschakelen",
        "agreement-0-owner": org("wij-groningen").pk,
        "agreement-0-due_on": in_days(14).isoformat(),
    }  # fmt: skip


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_plan_page_per_persona(client_for, persona, hotspot, name: str) -> None:
    trajectory = held_trajectory(persona, hotspot)
    a_plan(persona("followup_worker"), trajectory)
    page = client_for(name).get(reverse("casework:plan", args=[trajectory.pk]))
    assert page.status_code == PLAN_GET[name]
    if page.status_code == 200:
        assert "Dak boven het hoofd" in page.content.decode()


def test_every_save_is_a_new_version_and_versions_never_change(persona, hotspot) -> None:
    worker = persona("followup_worker")
    trajectory = held_trajectory(persona, hotspot)
    first = a_plan(worker, trajectory)
    second = a_plan(worker, trajectory, based_on=1, goal="Eigen woning behouden")
    assert (first.number, second.number) == (1, 2)
    plan = Plan.objects.get(trajectory=trajectory)
    assert plan.version == 2
    assert plan.review_on == second.review_on
    assert next(iter(first.goals.values_list("text", flat=True))) == "Dak boven het hoofd"
    assert second.goals.first().text == "Eigen woning behouden"  # type: ignore[union-attr]
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        Goal.objects.first().save()  # type: ignore[union-attr]


def test_a_save_against_an_older_version_is_a_conflict(persona, hotspot) -> None:
    worker = persona("followup_worker")
    trajectory = held_trajectory(persona, hotspot)
    a_plan(worker, trajectory)
    a_plan(persona("coordinator"), trajectory, based_on=1)
    with pytest.raises(actions.EditConflict) as clash:
        a_plan(worker, trajectory, based_on=1, goal="Verouderd")
    assert clash.value.current is not None
    assert clash.value.current.number == 2
    assert PlanVersion.objects.filter(plan__trajectory=trajectory).count() == 2


def test_only_who_steers_writes_the_plan(persona, hotspot) -> None:
    trajectory = held_trajectory(persona, hotspot)
    for name in ("police_officer", "peer_expert", "triage_nurse"):
        with pytest.raises(PermissionDenied):
            a_plan(persona(name), trajectory)
    with pytest.raises(ValidationError):
        actions.save_plan(
            persona("followup_worker"), trajectory, based_on=0, goals=[], agreements=[],
            review_on=in_days(3),
        )  # fmt: skip


def test_the_form_saves_a_version_and_the_trajectory_shows_it_first(
    client_for, persona, hotspot
) -> None:
    trajectory = held_trajectory(persona, hotspot)
    client = client_for("followup_worker")
    saved = client.post(reverse("casework:plan", args=[trajectory.pk]), plan_post())
    assert saved.status_code == 302
    page = client.get(reverse("followup:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert page.index("Plan van aanpak") < page.index("Overdrachten")
    assert "Schulden op een rij" in page
    assert "Budgetcoach inschakelen" in page
    police = client_for("police_officer").get(
        reverse("followup:trajectory_detail", args=[trajectory.pk])
    )
    assert police.status_code == 200
    assert "Schulden op een rij" not in police.content.decode()


def test_a_stale_form_answers_409_and_keeps_what_was_typed(client_for, persona, hotspot) -> None:
    trajectory = held_trajectory(persona, hotspot)
    a_plan(persona("coordinator"), trajectory)  # saved while the worker had the form open
    url = reverse("casework:plan", args=[trajectory.pk])
    clash = client_for("followup_worker").post(url, plan_post(goal="Mijn getypte doel"))
    assert clash.status_code == 409
    body = clash.content.decode()
    assert "Mijn getypte doel" in body
    assert "Dak boven het hoofd" in body
    assert 'name="based_on" value="1"' in body  # saving again is a deliberate choice
    again = client_for("followup_worker").post(url, plan_post(based_on=1))
    assert again.status_code == 302
    assert Plan.objects.get(trajectory=trajectory).version == 2


def test_bad_input_says_what_is_wrong_next_to_the_field(client_for, persona, hotspot) -> None:
    trajectory = held_trajectory(persona, hotspot)
    data = plan_post() | {"goal-0-life_domain": "", "agreement-0-owner": ""}
    page = client_for("followup_worker").post(reverse("casework:plan", args=[trajectory.pk]), data)
    assert page.status_code == 400
    body = page.content.decode()
    assert "Kies het leefgebied van dit doel." in body
    assert "Zeg welke organisatie dit doet." in body
    assert "Schulden op een rij" in body  # nothing typed is lost
    assert not Plan.objects.filter(trajectory=trajectory).exists()


def test_plan_page_queries_do_not_grow_with_versions(
    client_for, persona, hotspot, django_assert_max_num_queries
) -> None:
    worker = persona("followup_worker")
    trajectory = held_trajectory(persona, hotspot)
    a_plan(worker, trajectory)
    client = client_for("followup_worker")
    url = reverse("casework:plan", args=[trajectory.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(1, 7):
        a_plan(worker, trajectory, based_on=number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
