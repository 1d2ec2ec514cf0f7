"""The signal screens: register, pass on from an incident, the page, pick up, contact, close."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.followup.models import Trajectory
from grip.network.models import Municipality, Programme, Role
from grip.signalling.actions import add_signal_contact, pick_up, signal_from_incident
from grip.signalling.models import Signal, SignalState
from grip.vocab.models import Vocabulary
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import logged_in_client
from tests.signalling.helpers import PROGRAMMES, make_signal, member, term, worker

pytestmark = pytest.mark.django_db
SLUG = "groninger-vroegsignalering"
SECRET = "Synthetisch: buurvrouw maakt zich zorgen over vervuiling."


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def register_form(**fields: Any) -> dict[str, Any]:
    data = {
        "programme": Programme.objects.get(slug=SLUG).pk,
        "source": term(Vocabulary.SIGNAL_SOURCE, "neighbour").pk,
        "received_at": local(timezone.now() - dt.timedelta(hours=2)),
        "municipality": Municipality.objects.get(cbs_code="GM0014").pk,
        "person_choice": "new",
        "concerns": [term(Vocabulary.SIGNAL_CONCERN, "self_neglect").pk],
        "notes": SECRET,
        "submission_key": str(uuid.uuid4()),
    }
    data.update(fields)
    return data


def police() -> Any:
    return member("agent", Role.POLICE_OFFICER, "politie-noord-nederland", SLUG)


def test_a_worker_registers_a_signal_from_a_neighbour(reference) -> None:
    client = logged_in_client(worker(SLUG))
    assert client.get(reverse("signalling:signal_create")).status_code == 200
    data = register_form()
    answer = client.post(reverse("signalling:signal_create"), data)
    assert answer.status_code == 302
    signal = Signal.objects.get()
    assert answer["Location"] == reverse("signalling:signal_detail", args=[signal.pk])
    assert signal.person is not None
    assert signal.number.startswith("G-")
    assert [c.code for c in signal.concerns.all()] == ["self_neglect"]
    # The same form again (a double tap) shows the first, makes nothing new.
    again = client.post(reverse("signalling:signal_create"), data)
    assert again["Location"] == answer["Location"]
    assert Signal.objects.count() == 1


def test_a_refused_form_says_what_is_wrong_next_to_the_field(reference) -> None:
    client = logged_in_client(worker(SLUG))
    answer = client.post(
        reverse("signalling:signal_create"),
        register_form(person_choice="existing", person_key="P-NIET-BEKEND", source=""),
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Geen betrokkene met deze sleutel bekend in dit programma." in page
    assert SECRET in page  # nothing typed is lost
    assert not Signal.objects.exists()


def test_the_police_may_not_register_but_may_pass_an_i28_report_on(reference) -> None:
    agent = police()
    client = logged_in_client(agent)
    assert client.get(reverse("signalling:signal_create")).status_code == 403
    incident = IncidentFactory(
        programme=Programme.objects.get(slug=SLUG),
        kind=term(Vocabulary.INCIDENT_CODE, "I28"),
        person=PersonFactory(programmes=[Programme.objects.get(slug=SLUG)]),
    )
    detail = client.get(reverse("intake:incident_detail", args=[incident.pk])).content.decode()
    url = reverse("signalling:signal_from_incident", args=[incident.pk])
    assert url in detail
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="notes"' not in form.content.decode()
    answer = client.post(url, {"concerns": [term(Vocabulary.SIGNAL_CONCERN, "nuisance").pk]})
    signal = Signal.objects.get(incident=incident)
    assert answer["Location"] == reverse("signalling:signal_detail", args=[signal.pk])
    assert (signal.source.code, signal.number) == ("police_i28", incident.number)
    assert signal.person == incident.person
    # Once passed on, the incident page links to the signal; a second pass-on shows it.
    assert client.post(url)["Location"] == answer["Location"]
    assert Signal.objects.count() == 1


def test_the_police_see_the_state_never_the_notes(reference) -> None:
    agent = police()
    user = worker(SLUG)
    incident = IncidentFactory(
        programme=Programme.objects.get(slug=SLUG), kind=term(Vocabulary.INCIDENT_CODE, "I28")
    )
    signal = signal_from_incident(user, incident, notes=SECRET)
    signal = pick_up(user, signal)
    add_signal_contact(
        user,
        signal,
        at=timezone.now(),
        with_whom="network",
        kind=term(Vocabulary.CONTACT_KIND, "phone"),
        notes="Synthetisch: zus gebeld, geheim verslag.",
    )
    page = logged_in_client(agent).get(reverse("signalling:signal_detail", args=[signal.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "opgepakt" in text
    assert SECRET not in text
    assert "geheim verslag" not in text
    assert "Netwerk en betrokken professionals" not in text
    # The worker sees both.
    text = logged_in_client(user).get(reverse("signalling:signal_detail", args=[signal.pk]))
    assert SECRET in text.content.decode()
    assert "geheim verslag" in text.content.decode()
    # A signal from a GP is not the police's: not found.
    from_gp = make_signal(user, SLUG)
    gp_page = logged_in_client(agent).get(reverse("signalling:signal_detail", args=[from_gp.pk]))
    assert gp_page.status_code == 404


def test_pick_up_contact_and_close_as_trajectory_lands_on_the_trajectory(reference) -> None:
    user = worker(SLUG)
    signal = make_signal(user, SLUG, new_person=True)
    client = logged_in_client(user)
    detail = reverse("signalling:signal_detail", args=[signal.pk])
    assert "Grip kent nog geen netwerk" in client.get(detail).content.decode()
    answer = client.post(
        reverse("signalling:signal_pick_up", args=[signal.pk]), {"version": signal.version}
    )
    assert answer["Location"] == detail
    signal.refresh_from_db()
    assert signal.state == SignalState.PICKED_UP
    assert signal.picked_up_by == user
    assert signal.picked_up_organisation.slug == PROGRAMMES[SLUG][0]
    contact = {
        "with_whom": "network",
        "at": local(timezone.now()),
        "kind": term(Vocabulary.CONTACT_KIND, "phone").pk,
        "notes": "Synthetisch: met de zus gesproken.",
        "submission_key": str(uuid.uuid4()),
    }
    url = reverse("signalling:signal_contact", args=[signal.pk])
    assert client.post(url, contact).status_code == 302
    assert client.post(url, contact).status_code == 302  # resent: still one contact
    assert signal.contacts.count() == 1
    refused = client.post(url, {**contact, "with_whom": "", "submission_key": ""})
    assert refused.status_code == 400
    assert "Dit veld is verplicht." in refused.content.decode()
    signal.refresh_from_db()
    assert signal.first_contact_with == "network"
    close = reverse("signalling:signal_close", args=[signal.pk])
    empty = client.post(close, {"version": signal.version})
    assert empty.status_code == 400
    assert "Kies het resultaat waarmee u het signaal afsluit." in empty.content.decode()
    stale = client.post(
        close,
        {
            "version": signal.version - 1,
            "result": term(Vocabulary.SIGNAL_RESULT, "trajectory").pk,
            "notes": "Synthetisch: oude versie.",
        },
    )
    assert stale.status_code == 409
    assert "Synthetisch: oude versie." in stale.content.decode()
    answer = client.post(
        close,
        {"version": signal.version, "result": term(Vocabulary.SIGNAL_RESULT, "trajectory").pk},
    )
    trajectory = Trajectory.objects.get(signals=signal)
    assert answer["Location"] == reverse("followup:trajectory_detail", args=[trajectory.pk])
    assert client.get(answer["Location"]).status_code == 200


def test_the_page_shows_the_known_network(reference) -> None:
    user = worker(SLUG)
    person = PersonFactory(programmes=[Programme.objects.get(slug=SLUG)])
    earlier = pick_up(user, make_signal(user, SLUG, person=person, number="S-1"))
    add_signal_contact(
        user,
        earlier,
        at=timezone.now(),
        with_whom="network",
        kind=term(Vocabulary.CONTACT_KIND, "home_visit"),
    )
    later = make_signal(user, SLUG, person=person, number="S-2")
    page = logged_in_client(user).get(reverse("signalling:signal_detail", args=[later.pk]))
    text = page.content.decode()
    assert "Eerder contact met het netwerk" in text
    assert reverse("signalling:signal_detail", args=[earlier.pk]) in text


def test_the_page_costs_the_same_queries_whatever_the_history(
    reference, django_assert_max_num_queries
) -> None:
    user = worker(SLUG)
    person = PersonFactory(programmes=[Programme.objects.get(slug=SLUG)])
    for number in range(4):
        other = pick_up(user, make_signal(user, SLUG, person=person, number=f"O-{number}"))
        for _ in range(3):
            add_signal_contact(
                user,
                other,
                at=timezone.now(),
                with_whom="network",
                kind=term(Vocabulary.CONTACT_KIND, "phone"),
            )
    signal = pick_up(user, make_signal(user, SLUG, person=person))
    for _ in range(5):
        add_signal_contact(
            user,
            signal,
            at=timezone.now(),
            with_whom="person",
            kind=term(Vocabulary.CONTACT_KIND, "phone"),
        )
    client = logged_in_client(user)
    url = reverse("signalling:signal_detail", args=[signal.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(purpose="signalling:detail").count() == 2
