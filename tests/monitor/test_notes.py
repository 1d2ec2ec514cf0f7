"""The coordinator's "Wist je dat …" items: add, change, reorder, remove, with history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grip.monitor import actions
from grip.monitor.models import FactsheetNote, FactsheetNoteEvent
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
QUERY = "programme=groninger-hotspot&date_from=2026-01-01&date_to=2026-03-31"


def texts(hotspot) -> list[str]:  # type: ignore[no-untyped-def]
    return [note.text for note in actions.notes_for(hotspot, *Q1)]


def test_add_change_move_remove_keeps_history(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = actions.add_note(coordinator, hotspot, *Q1, "  Sinds oktober reflectiesessies.  ")
    second = actions.add_note(coordinator, hotspot, *Q1, "InBegrepen sloot aan.")
    assert texts(hotspot) == ["Sinds oktober reflectiesessies.", "InBegrepen sloot aan."]
    actions.move_note(coordinator, second, -1)
    assert texts(hotspot) == ["InBegrepen sloot aan.", "Sinds oktober reflectiesessies."]
    actions.move_note(coordinator, second, -1)  # already first: nothing moves
    actions.change_note(coordinator, first, "Sinds oktober 2025 reflectiesessies.")
    actions.remove_note(coordinator, second)
    assert texts(hotspot) == ["Sinds oktober 2025 reflectiesessies."]
    kinds = list(FactsheetNoteEvent.objects.order_by("id").values_list("kind", "actor"))
    assert [kind for kind, _actor in kinds] == [
        "added", "added", "moved", "changed", "removed",  # a move that moves nothing: no event
    ]  # fmt: skip
    assert {actor for _kind, actor in kinds} == {coordinator.pk}
    # Another period has its own items.
    assert list(actions.notes_for(hotspot, dt.date(2026, 4, 1), dt.date(2026, 6, 30))) == []


@pytest.mark.parametrize("name", ["analyst", "police_officer", "outsider"])
def test_only_the_coordinator_of_the_programme_edits(persona, hotspot, name) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_note(persona(name), hotspot, *Q1, "Tekst")


def test_notes_screen_flow(client_for, hotspot) -> None:
    client = client_for("coordinator")
    url = f"{reverse('monitor:notes')}?{QUERY}"
    response = client.post(url, {"text": "Wist je dat we sinds oktober reflecteren?"})
    assert response.status_code == 302
    note = FactsheetNote.objects.get()
    assert client.post(url, {"text": "   "}).status_code == 400  # the error sits by the field
    client.post(reverse("monitor:note_change", args=[note.pk]), {f"n{note.pk}-text": "Nieuw."})
    note.refresh_from_db()
    assert note.text == "Nieuw."
    page = client.get(url).content.decode()
    assert "Nieuw." in page
    assert "Geschiedenis" in page
    sheet = client.get(f"{reverse('monitor:factsheet')}?{QUERY}").content.decode()
    assert "Wist je dat" in sheet
    assert "Nieuw." in sheet
    assert client.post(reverse("monitor:note_move", args=[note.pk, "opzij"])).status_code == 404
    client.post(reverse("monitor:note_remove", args=[note.pk]))
    assert not FactsheetNote.objects.exists()


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_note_actions_per_persona(client_for, persona, hotspot, name) -> None:
    note = actions.add_note(persona("coordinator"), hotspot, *Q1, "Tekst")
    response = client_for(name).post(
        reverse("monitor:note_change", args=[note.pk]), {f"n{note.pk}-text": "Anders"}
    )
    if name == "coordinator":
        assert response.status_code == 302
    elif name == "outsider":
        assert response.status_code == 404  # a coordinator elsewhere: not found
    else:
        assert response.status_code == 403
