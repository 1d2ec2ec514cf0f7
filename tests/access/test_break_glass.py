"""Break-the-glass (noodtoegang): who may, what it opens, for how long, and its log rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventAction, BreakGlass
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import logged_in_client

REASON = "Synthetisch: acute crisis op straat, dossier nodig."


@pytest.fixture
def stranger(hotspot):
    """A Hotspot person with an incident: nothing the outsider (wijk-ggd) may see."""
    person = PersonFactory(programmes=[hotspot])
    IncidentFactory(programme=hotspot, person=person)
    return person


def _open(client, key: str, reason: str = REASON):
    return client.post(reverse("access:break_glass"), {"person_key": key, "reason": reason})


def test_break_glass_opens_the_record_for_a_while_and_flags_every_access(persona, stranger) -> None:
    outsider = persona("outsider")
    client = logged_in_client(outsider)
    detail = reverse("people:person_detail", args=[stranger.display_key])
    timeline = reverse("person_timeline", args=[stranger.display_key])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(detail).status_code == 404
        response = _open(client, stranger.display_key.lower())  # typed in lower case
        assert response.status_code == 302
        assert response["Location"] == detail
        assert client.get(detail).status_code == 200
        page = client.get(timeline)
        assert page.status_code == 200
        assert "E33" in page.content.decode()  # the incident, from another programme
        rows = AccessEvent.objects.filter(user=outsider, person_key=stranger.display_key)
        opened = rows.get(action=AccessEventAction.BREAK_GLASS)
        assert opened.break_glass
        assert REASON in opened.purpose
        reads = rows.filter(action=AccessEventAction.READ, outcome="allowed")
        assert reads.count() == 2
        assert all(r.break_glass for r in reads)
        clock.shift(dt.timedelta(minutes=61))
        client = logged_in_client(outsider)  # the idle timeout ended the old session
        assert client.get(detail).status_code == 404
        assert client.get(timeline).status_code == 404


def test_break_glass_is_read_only(persona, stranger) -> None:
    from grip.access.policy import Action
    from grip.people.models import Person

    outsider = persona("outsider")
    _open(logged_in_client(outsider), stranger.display_key)
    outsider = type(outsider).objects.get(pk=outsider.pk)  # fresh caches
    assert Person.objects.visible_to(outsider).filter(pk=stranger.pk).exists()
    assert not Person.objects.visible_to(outsider, Action.CHANGE).filter(pk=stranger.pk).exists()


@pytest.mark.parametrize(
    "name", ["police_officer", "peer_expert", "analyst", "privacy_officer", "administrator"]
)
def test_roles_that_may_not_break_the_glass(persona, client_for, stranger, name) -> None:
    client = client_for(name)
    assert client.get(reverse("access:break_glass")).status_code == 403
    assert _open(client, stranger.display_key).status_code == 403
    assert not BreakGlass.objects.exists()


def test_a_reason_is_required(client_for, stranger) -> None:
    response = _open(client_for("outsider"), stranger.display_key, reason="even kijken")
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    empty = client_for("outsider").post(reverse("access:break_glass"))
    assert empty.status_code == 400  # an empty form shows its errors too, not a blank form
    assert set(empty.context["form"].errors) == {"person_key", "reason"}
    assert not BreakGlass.objects.exists()


def test_an_unknown_key_answers_as_a_known_one(persona, stranger) -> None:
    """The grant is made for whatever is typed: its answer does not tell whether the key
    exists; the person page then says 'not found' for an unknown one."""
    client = logged_in_client(persona("outsider"))
    known, unknown = _open(client, stranger.display_key), _open(client, "P-0000-0000")
    assert known.status_code == unknown.status_code == 302
    assert client.get(unknown["Location"]).status_code == 404
    assert BreakGlass.objects.count() == 2


def test_review_list_and_marking_reviewed(persona, client_for, stranger) -> None:
    _open(logged_in_client(persona("outsider")), stranger.display_key)
    officer = persona("privacy_officer")
    client = logged_in_client(officer)
    page = client.get(reverse("access:break_glass_list"))
    assert page.status_code == 200
    grant = BreakGlass.objects.get()
    assert list(page.context["page"].object_list) == [grant]
    assert REASON in page.content.decode()
    url = reverse("access:break_glass_review", args=[grant.pk])
    assert client.post(url, {"note": "Terecht, crisis bevestigd."}).status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == officer
    assert grant.review_note == "Terecht, crisis bevestigd."
    assert not client.get(reverse("access:break_glass_list")).context["page"].object_list
    all_page = client.get(reverse("access:break_glass_list"), {"status": "all"})
    assert list(all_page.context["page"].object_list) == [grant]
    assert AccessEvent.objects.filter(
        user=officer, purpose="access:break-glass-review", object_id=str(grant.pk)
    ).exists()
    # the flagged rows are one filter away in the log
    flagged = client.get(reverse("access:log_search"), {"break_glass": "yes"})
    assert {e.user_id for e in flagged.context["page"].object_list} == {persona("outsider").pk}
