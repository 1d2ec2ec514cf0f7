"""The worker's screens: asking on the phone form (person, relative, the two non-answers),
on a trajectory and on a signal; relatives' support; every read of answers logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventAction
from grip.experience.models import ExperienceAnswer, RelativeSupport
from tests.experience.helpers import held_trajectory, person_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(persona, hotspot):  # type: ignore[no-untyped-def]
    return held_trajectory(persona, hotspot)


def _ask_url(kind: str, pk: int) -> str:
    return reverse("experience:ask", kwargs={"kind": kind, "pk": pk})


def test_the_worker_asks_and_the_answers_are_on_the_person(persona, trajectory, client_for) -> None:
    client = client_for("followup_worker")
    assert client.get(_ask_url("traject", trajectory.pk)).status_code == 200
    saved = client.post(
        _ask_url("traject", trajectory.pk),
        person_answers(moment="start", respondent="person", mastery_3=""),
    )
    assert saved.status_code == 302
    answer = ExperienceAnswer.objects.get()
    assert answer.person == trajectory.person
    assert answer.channel == "worker"
    assert answer.recorded_by == persona("followup_worker")
    assert answer.mastery_score == 19  # (2,4,–,5,2): 15 × 5/4 = 18.75 → 19
    assert AccessEvent.objects.filter(
        action=AccessEventAction.CREATE, object_type="experience.experienceanswer",
        person_key=trajectory.person.display_key,
    ).exists()  # fmt: skip


def test_could_not_be_asked_is_saved_as_such(trajectory, client_for) -> None:
    client = client_for("followup_worker")
    data = {"moment": "closure", "respondent": "person", "status": "not_asked"}
    assert client.post(_ask_url("traject", trajectory.pk), data).status_code == 302
    answer = ExperienceAnswer.objects.get()
    assert answer.status == "not_asked"
    assert answer.mastery_score is None


def test_an_empty_answer_is_refused_and_nothing_saved(trajectory, client_for) -> None:
    page = client_for("followup_worker").post(
        _ask_url("traject", trajectory.pk),
        {"moment": "start", "respondent": "person", "status": "answered", "safety_home": "12"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Niet opgeslagen" in html
    assert ExperienceAnswer.objects.count() == 0


def test_a_relative_is_asked_about_the_surroundings(trajectory, client_for) -> None:
    client = client_for("followup_worker")
    form = client.get(_ask_url("traject", trajectory.pk), {"respondent": "relative"})
    assert "rond de situatie" in form.content.decode()
    saved = client.post(
        _ask_url("traject", trajectory.pk),
        {"moment": "contact", "respondent": "relative", "status": "answered",
         "safety_surroundings": "3"},
    )  # fmt: skip
    assert saved.status_code == 302
    answer = ExperienceAnswer.objects.get()
    assert (answer.respondent, answer.safety_surroundings) == ("relative", 3)


def test_asking_on_a_signal(persona, client_for) -> None:
    from tests.access.world import build_world

    for name in ("followup_worker", "coordinator", "triage_nurse", "administrator"):
        persona(name)
    from grip.network.models import Programme

    world = build_world(persona, Programme.objects.get(slug="groninger-hotspot"))
    client = client_for("followup_worker")
    saved = client.post(
        _ask_url("signaal", world.signal.pk), person_answers(moment="start", respondent="person")
    )
    assert saved.status_code == 302
    answer = ExperienceAnswer.objects.get()
    assert answer.signal == world.signal
    assert answer.trajectory is None
    assert answer.person == world.signal.person
    assert client_for("police_officer").get(_ask_url("signaal", world.signal.pk)).status_code == 403


def test_relatives_support_is_recorded_and_names_are_refused(trajectory, client_for) -> None:
    client = client_for("followup_worker")
    url = reverse("experience:relative_support", kwargs={"pk": trajectory.pk})
    today = timezone.localdate().isoformat()
    data = {"on": today, "relation": "parent", "offered": "peer_support", "note": ""}
    refused = client.post(url, data | {"note": "Moeder bereikbaar op 06-12345678."})
    assert refused.status_code == 400
    assert RelativeSupport.objects.count() == 0
    assert client.post(url, data).status_code == 302
    support = RelativeSupport.objects.get()
    assert (support.trajectory, support.offered) == (trajectory, "peer_support")
    assert client_for("police_officer").post(url, data).status_code == 403
    assert RelativeSupport.objects.count() == 1


def test_every_read_of_answers_is_logged(persona, trajectory, client_for) -> None:
    client = client_for("followup_worker")
    for moment in ("start", "closure"):
        client.post(
            _ask_url("traject", trajectory.pk),
            person_answers(moment=moment, respondent="person"),
        )
    answers = list(ExperienceAnswer.objects.values_list("pk", flat=True))
    page = client_for("coordinator").get(
        reverse("experience:overview", kwargs={"kind": "traject", "pk": trajectory.pk})
    )
    assert page.status_code == 200
    read = AccessEvent.objects.filter(
        action=AccessEventAction.READ, object_type="experience.experienceanswer",
        user=persona("coordinator"), person_key=trajectory.person.display_key,
    )  # fmt: skip
    assert sorted(int(pk) for pk in read.values_list("object_id", flat=True)) == sorted(answers)


def test_the_overview_costs_a_fixed_number_of_queries(
    persona, trajectory, client_for, django_assert_max_num_queries
) -> None:
    client = client_for("followup_worker")
    for _ in range(3):
        client.post(
            _ask_url("traject", trajectory.pk),
            person_answers(moment="contact", respondent="person"),
        )
    url = reverse("experience:overview", kwargs={"kind": "traject", "pk": trajectory.pk})
    client.get(url)  # warm the session
    # The same bound with 3 and with 8 answers: no query per answer (N+1).
    for more in (0, 5):
        for _ in range(more):
            client.post(
                _ask_url("traject", trajectory.pk),
                person_answers(moment="contact", respondent="person"),
            )
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
