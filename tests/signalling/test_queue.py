"""The queue (nog niet opgepakt): terms in working days, order, scope, one-tap pick-up."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.network.models import Programme, Role
from grip.signalling.models import Signal, SignallingSettings, SignalState
from grip.signalling.queue import PickupTerm, flagged
from grip.vocab.models import Vocabulary
from tests.personas import logged_in_client
from tests.signalling.helpers import make_signal, member, term, worker

pytestmark = pytest.mark.django_db
VS = "groninger-vroegsignalering"
AMS = ZoneInfo("Europe/Amsterdam")
# Monday 7 December 2026, 10:00 in Groningen.
MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=AMS)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


@pytest.mark.parametrize(
    ("due", "today", "phrase", "flag"),
    [
        (dt.date(2026, 12, 11), dt.date(2026, 12, 8), "nog 3 werkdagen", False),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 9), "nog 2 werkdagen", False),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 10), "nog 1 werkdag", True),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 11), "vandaag de laatste dag", True),
        # Friday's term, seen on Saturday: passed, but no working day late yet.
        (dt.date(2026, 12, 11), dt.date(2026, 12, 12), "termijn verstreken", True),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 14), "1 werkdag te laat", True),
        (dt.date(2026, 12, 11), dt.date(2026, 12, 15), "2 werkdagen te laat", True),
        # Christmas: the 25th and 26th are no working days.
        (dt.date(2026, 12, 24), dt.date(2026, 12, 28), "1 werkdag te laat", True),
        # Friday before a weekend: Monday is the next working day, so one left.
        (dt.date(2026, 12, 14), dt.date(2026, 12, 11), "nog 1 werkdag", True),
    ],
)
def test_the_term_in_words(due: dt.date, today: dt.date, phrase: str, flag: bool) -> None:
    term_now = PickupTerm(due, today)
    assert (term_now.phrase, term_now.flagged) == (phrase, flag)


@pytest.fixture
def oggz(reference):  # type: ignore[no-untyped-def]
    return worker(VS, "oggz-worker")


def _queue(client, slug: str = VS):  # type: ignore[no-untyped-def]
    return client.get(reverse("signalling:queue", args=[slug]))


def test_queue_oldest_first_with_the_term_and_no_notes(oggz) -> None:
    with time_machine.travel(MONDAY, tick=False):
        # Received Mon 30 Nov: term of 5 working days ends Mon 7 Dec: the last day today.
        old = make_signal(oggz, VS, received_at=at(dt.date(2026, 11, 30)), number="I28-OLD",
                          notes="Geheime toelichting van de melder.",
                          concerns=(term(Vocabulary.SIGNAL_CONCERN, "self_neglect"),))  # fmt: skip
        # Received Fri 4 Dec: due Fri 11 Dec: 4 working days left.
        fresh = make_signal(oggz, VS, received_at=at(dt.date(2026, 12, 4)), number="I28-NEW")
        # Received Mon 23 Nov: due Mon 30 Nov: 5 working days late.
        late = make_signal(oggz, VS, received_at=at(dt.date(2026, 11, 23)), number="I28-LATE")
        taken = make_signal(oggz, VS, received_at=at(dt.date(2026, 11, 20)), number="I28-TAKEN")
        from grip.signalling.actions import pick_up

        pick_up(oggz, taken)
        response = _queue(logged_in_client(oggz))
    assert response.status_code == 200
    body = response.content.decode()
    rows = response.context["rows"]
    assert [signal.pk for signal, _t in rows] == [late.pk, old.pk, fresh.pk]
    assert [t.phrase for _s, t in rows] == [
        "5 werkdagen te laat",
        "vandaag de laatste dag",
        "nog 4 werkdagen",
    ]
    assert "vandaag de laatste dag" in body
    assert "zelfverwaarlozing" in body
    assert "Geheime toelichting" not in body
    assert "Oppakken" in body


def test_queue_pages_and_costs_a_flat_number_of_queries(
    oggz, settings, django_assert_max_num_queries
) -> None:
    settings.GRIP_PAGE_SIZE = 10
    concern = term(Vocabulary.SIGNAL_CONCERN, "isolation")
    with time_machine.travel(MONDAY, tick=False):
        for number in range(23):
            make_signal(oggz, VS, number=f"Q-{number}", concerns=(concern,),
                        received_at=MONDAY - dt.timedelta(hours=number + 1))  # fmt: skip
        client = logged_in_client(oggz)
        client.get(reverse("signalling:queue", args=[VS]))  # warm the session, grants
        with django_assert_max_num_queries(12):
            response = client.get(reverse("signalling:queue", args=[VS]) + "?page=3")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert "Pagina 3 van 3" in response.content.decode()


def test_queue_scope_other_programme_is_not_found_and_police_may_not(oggz) -> None:
    officer = member("agent-vs", Role.POLICE_OFFICER, "politie-noord-nederland", VS)
    analyst = member("analist-vs", Role.ANALYST, "gemeente-groningen", VS)
    make_signal(oggz, VS, number="SCOPE-1")
    assert _queue(logged_in_client(oggz), "wijk-ggd").status_code == 404
    assert _queue(logged_in_client(officer)).status_code == 403
    assert _queue(logged_in_client(analyst)).status_code == 403
    ggd = worker("wijk-ggd", "ggd-worker")
    assert _queue(logged_in_client(ggd), VS).status_code == 404
    assert _queue(logged_in_client(ggd), "wijk-ggd").context["rows"] == []


def test_one_tap_pick_up_opens_the_signal_and_the_second_tap_is_told(oggz) -> None:
    signal = make_signal(oggz, VS, number="TAP-1")
    other = worker(VS, "oggz-colleague")
    # The queue's button posts to the signal screens' pick-up (no version, no next).
    queue_page = logged_in_client(oggz).get(reverse("signalling:queue", args=[VS]))
    url = reverse("signalling:signal_pick_up", args=[signal.pk])
    assert f'action="{url}"' in queue_page.content.decode()
    response = logged_in_client(oggz).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("signalling:signal_detail", args=[signal.pk])
    signal.refresh_from_db()
    assert (signal.state, signal.picked_up_by_id) == (SignalState.PICKED_UP, oggz.pk)
    assert AccessEvent.objects.filter(user=oggz, purpose="signalling:pick-up").exists()

    late = logged_in_client(other).post(url, follow=True)
    assert late.redirect_chain[0][0] == reverse("signalling:signal_detail", args=[signal.pk])
    assert "Dit signaal is al opgepakt." in late.content.decode()
    signal.refresh_from_db()
    assert signal.picked_up_by_id == oggz.pk
    # A GET never picks up.
    assert logged_in_client(other).get(url).status_code == 405


def test_pick_up_out_of_scope_is_not_found(oggz) -> None:
    signal = make_signal(oggz, VS, number="TAP-2")
    ggd = worker("wijk-ggd", "ggd-worker")
    response = logged_in_client(ggd).post(reverse("signalling:signal_pick_up", args=[signal.pk]))
    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.state == SignalState.NEW


def test_my_signals_lists_what_i_picked_up_and_still_hold(oggz) -> None:
    from grip.signalling.actions import pick_up

    mine = pick_up(oggz, make_signal(oggz, VS, number="MINE-1"))
    colleague = worker(VS, "oggz-colleague")
    pick_up(colleague, make_signal(oggz, VS, number="THEIRS-1"))
    make_signal(oggz, VS, number="NEW-1")
    response = logged_in_client(oggz).get(reverse("signalling:mine"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["page"].object_list] == [mine.pk]
    index = logged_in_client(oggz).get(reverse("signalling:index"))
    assert index.status_code == 200
    assert index.context["rows"][0][1] == 1
    assert index.context["mine"] == 1


def test_flagged_only_new_signals_near_or_past_their_term(oggz) -> None:
    programme = Programme.objects.get(slug=VS)
    SignallingSettings.objects.create(programme=programme, pickup_working_days=3)
    with time_machine.travel(MONDAY, tick=False):
        # 3 working days from Wed 2 Dec: Mon 7 Dec, the last day.
        due = make_signal(oggz, VS, number="F-DUE", received_at=at(dt.date(2026, 12, 2)))
        # From Thu 3 Dec: Tue 8 Dec, one left.
        one = make_signal(oggz, VS, number="F-ONE", received_at=at(dt.date(2026, 12, 3)))
        # From Fri 4 Dec: Wed 9 Dec, two left: not yet.
        make_signal(oggz, VS, number="F-TWO", received_at=at(dt.date(2026, 12, 4)))
        late = make_signal(oggz, VS, number="F-LATE", received_at=at(dt.date(2026, 11, 2)))
        rows = flagged(Signal.objects.all(), MONDAY.date())
    assert [s.pk for s, _t in rows] == [late.pk, due.pk, one.pk]


@override_settings(GRIP_PAGE_SIZE=25)
def test_index_and_mine_refuse_roles_that_do_not_work_signals(reference) -> None:
    analyst = member("analist-vs", Role.ANALYST, "gemeente-groningen", VS)
    client = logged_in_client(analyst)
    assert client.get(reverse("signalling:index")).status_code == 403
    assert client.get(reverse("signalling:mine")).status_code == 403


def test_index_and_mine_cost_a_flat_number_of_queries(oggz, django_assert_max_num_queries) -> None:
    from grip.signalling.actions import pick_up

    concern = term(Vocabulary.SIGNAL_CONCERN, "isolation")
    for number in range(12):
        signal = make_signal(oggz, VS, number=f"F-{number}", concerns=(concern,))
        if number % 2:
            pick_up(oggz, signal)
    client = logged_in_client(oggz)
    for name in ("signalling:index", "signalling:mine"):
        client.get(reverse(name))
        with django_assert_max_num_queries(10):
            response = client.get(reverse(name))
        assert response.status_code == 200
    assert "Mijn signalen (6)" in client.get(reverse("signalling:index")).content.decode()
