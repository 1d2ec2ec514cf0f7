"""One form submission, one record (issue 22, finding 10): five identical submits at once, or a
resent form, store one record and send every user to it; none sees a server error.

The simultaneous ones run on PostgreSQL with real connections (one thread and one client per
click); SQLite serialises every write, so only the resent form is tested there.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grip.followup.models import Contact, Task
from grip.intake.models import Incident
from grip.learning.models import ReflectionSession
from grip.monitor.models import FactsheetNote
from grip.network.models import Organisation
from grip.triage.models import Response
from tests.factories import IncidentFactory
from tests.followup.helpers import a_trajectory, org, term
from tests.personas import logged_in_client

CLICKS = 5
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="simultaneous writes need PostgreSQL"
)


def _at_once(clients: list[Client], path: str, data: dict[str, Any]) -> list[tuple[int, str]]:
    """Every client posts ``data`` at the same moment; (status, redirect) of each."""
    start = threading.Barrier(len(clients))
    answers: list[tuple[int, str]] = []

    def click(client: Client) -> None:
        try:
            start.wait(10)
            response = client.post(path, data)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def _clients(user: Any) -> list[Client]:
    clients = [logged_in_client(user) for _click in range(CLICKS)]
    for client in clients:
        client.raise_request_exception = False  # a server error is an answer to count here
    return clients


def _incident_form(programme: Any) -> dict[str, Any]:
    return {
        "programme": programme.pk,
        "kind": term("incident_code", "E33").pk,
        "number": "2026-555001",
        "reported_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "municipality": programme.municipalities.get().pk,
        "area": "",
        "initial_ave_level": "3",
        "description": "Synthetisch.",
        "person_choice": "unknown",
        "person_key": "",
    }


def _response_form(incident: Incident) -> dict[str, Any]:
    local = timezone.localtime(incident.reported_at)
    return {
        "arrived_at": (local + dt.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
        "departed_at": (local + dt.timedelta(minutes=80)).strftime("%Y-%m-%dT%H:%M"),
        "police_departed_at": "",
        "police_officers": "2",
        "ave_on_arrival": "3",
        "ave_on_leaving": "2",
        "risks": [],
        "interventions": [term("intervention", "state_assessed").pk],
        "bottlenecks": [],
        "safety_person": term("safety", "reasonable").pk,
        "safety_surroundings": term("safety", "full").pk,
        "outcome": term("outcome", "stayed_home").pk,
        "follow_up_needed": "no",
        "notes": "Synthetisch.",
    }


def _contact_form() -> dict[str, Any]:
    return {
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": term("contact_kind", "home_visit").pk,
        "with_whom": "person",
        "activities": [term("intervention", "deescalated").pk],
        "result": "Synthetisch gesprek.",
    }


Case = Callable[[Any, Any], tuple[Any, str, dict[str, Any], Callable[[], int]]]


def _incident_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    data = _incident_form(hotspot)
    return (persona("coordinator"), reverse("intake:incident_create"), data,
            Incident.objects.count)  # fmt: skip


def _response_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    incident = IncidentFactory(reported_at=timezone.now() - dt.timedelta(hours=3))
    path = reverse("triage:response_create", args=[incident.pk])
    return persona("coordinator"), path, _response_form(incident), Response.objects.count


def _held(persona: Any, hotspot: Any) -> Any:
    return a_trajectory(
        persona("coordinator"), hotspot, case_organisation=org("wij-groningen"),
        case_holder=persona("followup_worker"),
    )  # fmt: skip


def _contact_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    trajectory = _held(persona, hotspot)
    path = reverse("followup:trajectory_action", args=[trajectory.pk, "contact"])
    return persona("followup_worker"), path, _contact_form(), Contact.objects.count


def _task_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    trajectory = _held(persona, hotspot)
    path = reverse("followup:trajectory_action", args=[trajectory.pk, "task"])
    owner = persona("followup_worker")
    data = {"title": "Huisarts bellen", "owner": owner.pk,
            "due_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat()}  # fmt: skip
    return owner, path, data, Task.objects.count


def _session_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    coordinator = persona("coordinator")
    organisation = Organisation.objects.filter(partner_set__programme=hotspot).first()
    assert organisation is not None
    data = {"held_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            "topic": "Knelpunten", "facilitator": coordinator.pk,
            "organisations": [organisation.pk]}  # fmt: skip
    path = reverse("learning:session_new", args=[hotspot.slug])
    return coordinator, path, data, ReflectionSession.objects.count


def _note_case(persona: Any, hotspot: Any) -> tuple[Any, str, dict[str, Any], Any]:
    path = reverse("monitor:notes") + (
        f"?programme={hotspot.slug}&date_from=2026-01-01&date_to=2026-03-31"
    )
    return (
        persona("coordinator"),
        path,
        {"text": "Sinds oktober reflectiesessies."},
        (FactsheetNote.objects.count),
    )


CASES = {
    "incident": _incident_case,
    "response": _response_case,
    "contact": _contact_case,
    "task": _task_case,
    "session": _session_case,
    "note": _note_case,
}


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(CASES))
def test_five_simultaneous_submits_store_one_and_answer_all(persona, hotspot, name: str) -> None:  # type: ignore[no-untyped-def]
    user, path, data, count = CASES[name](persona, hotspot)
    before = count()
    data = {**data, "submission_key": str(uuid.uuid4())}
    answers = _at_once(_clients(user), path, data)
    assert len(answers) == CLICKS
    assert [status for status, _location in answers] == [302] * CLICKS, answers
    assert len({location for _status, location in answers}) == 1  # all sent to the one result
    assert count() == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CASES))
def test_a_resent_form_stores_one_and_a_new_form_another(persona, hotspot, name: str) -> None:  # type: ignore[no-untyped-def]
    user, path, data, count = CASES[name](persona, hotspot)
    before = count()
    client = logged_in_client(user)
    key = str(uuid.uuid4())
    first = client.post(path, {**data, "submission_key": key})
    again = client.post(path, {**data, "submission_key": key})
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert count() == before + 1
    shown = client.get(again["Location"]).content.decode()
    assert "Dit formulier was al verstuurd" in shown
    if name in ("contact", "task", "note"):  # the same again, on purpose: a new form, a new one
        client.post(path, {**data, "submission_key": str(uuid.uuid4())})
        assert count() == before + 2


@pytest.mark.django_db
def test_another_users_key_is_refused(persona, hotspot) -> None:  # type: ignore[no-untyped-def]
    user, path, data, count = _contact_case(persona, hotspot)
    key = str(uuid.uuid4())
    assert logged_in_client(user).post(path, {**data, "submission_key": key}).status_code == 302
    other = logged_in_client(persona("coordinator"))
    assert other.post(path, {**data, "submission_key": key}).status_code == 400
    assert count() == 1


@pytest.mark.django_db
def test_a_refused_submit_keeps_its_key_usable(persona, hotspot) -> None:  # type: ignore[no-untyped-def]
    user, path, data, count = _contact_case(persona, hotspot)
    client = logged_in_client(user)
    key = str(uuid.uuid4())
    refused = client.post(path, {**data, "result": "", "kind": "", "submission_key": key})
    assert refused.status_code == 400
    assert client.post(path, {**data, "submission_key": key}).status_code == 302
    assert count() == 1


def test_every_creating_form_carries_a_key() -> None:
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "src" / "grip"
    missing = []
    for name in (
        "access/templates/access/break_glass.html",
        "followup/templates/followup/open_form.html",
        "followup/templates/followup/action_form.html",
        "learning/templates/learning/record_form.html",
        "learning/templates/learning/cycle_form.html",
        "learning/templates/learning/bottlenecks.html",
        "learning/templates/learning/top_threes.html",
        "learning/templates/learning/session_form.html",
        "learning/templates/learning/action_form.html",
        "monitor/templates/monitor/notes.html",
        "people/templates/people/person_detail.html",
    ):
        if "{% submission_key %}" not in (templates / name).read_text():
            missing.append(name)
    assert not missing
