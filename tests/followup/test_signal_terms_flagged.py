"""New signals whose pick-up term is about to pass or has passed: on the coordinator's overview
and in the daily digest of the programme's coordinators and workers (time frozen)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.followup.digest import send_digests
from grip.network.models import Role
from grip.signalling.actions import pick_up
from tests.personas import logged_in_client
from tests.signalling.helpers import make_signal, member, worker

pytestmark = pytest.mark.django_db
VS = "groninger-vroegsignalering"
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = dt.datetime(2026, 12, 7, 7, 0, tzinfo=AMS)  # the digest runs early
TUESDAY = MONDAY + dt.timedelta(days=1)


def at(day: int, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, 14, 0, tzinfo=AMS)


def _with_email(user: Any) -> Any:
    user.email = f"{user.username}@example.invalid"
    user.save()
    return user


@pytest.fixture
def world(reference) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    oggz = _with_email(worker(VS, "oggz"))
    coordinator = _with_email(member("coord-vs", Role.COORDINATOR, "gemeente-groningen", VS))
    ggd = _with_email(worker("wijk-ggd", "ggd"))
    officer = _with_email(member("agent-vs", Role.POLICE_OFFICER, "politie-noord-nederland", VS))
    with time_machine.travel(at(4), tick=False):
        # Mon 30 Nov + 5 working days: Mon 7 Dec. On Monday: the last day.
        due = make_signal(oggz, VS, number="DUE", received_at=at(30, 11))
        # Wed 2 Dec: due Wed 9 Dec: two left on Monday, one on Tuesday.
        later = make_signal(oggz, VS, number="LATER", received_at=at(2))
        # Long late, but picked up: no longer waiting.
        taken = make_signal(oggz, VS, number="TAKEN", received_at=at(2, 11))
        pick_up(oggz, taken)
        # Another programme's late signal: never in this programme's mails.
        make_signal(ggd, "wijk-ggd", number="GGD", received_at=at(2, 11))
    return {"oggz": oggz, "coordinator": coordinator, "ggd": ggd, "officer": officer,
            "due": due, "later": later}  # fmt: skip


def _mails() -> dict[str, str]:
    return {message.to[0].split("@")[0]: message.body for message in mail.outbox}


def test_digest_tells_coordinators_and_workers_of_the_programme(world) -> None:
    with time_machine.travel(MONDAY, tick=False):
        send_digests()
    mails = _mails()
    assert set(mails) == {"oggz", "coord-vs", "ggd"}
    for name in ("oggz", "coord-vs"):
        assert "vandaag de laatste dag" in mails[name]
        assert reverse("signalling:signal_detail", args=[world["due"].pk]) in mails[name]
        assert "LATER" not in mails[name]
        assert "nog 2" not in mails[name]
        assert "GGD" not in mails[name]
    assert "Groninger Vroegsignaleringsaanpak" not in mails["ggd"]
    # The e-mail names a signal without a person only by its number in Grip: a search row.
    assert AccessEvent.objects.filter(user=world["oggz"], purpose="followup:digest e-mail")


def test_digest_next_day_late_and_one_left_and_only_once_a_day(world) -> None:
    with time_machine.travel(TUESDAY, tick=False):
        assert send_digests() == 3
        assert send_digests() == 0
    body = _mails()["oggz"]
    assert "1 werkdag te laat" in body
    assert "nog 1 werkdag" in body


def test_overview_shows_the_coordinator_what_is_about_to_pass(
    world, django_assert_max_num_queries
) -> None:
    url = reverse("followup:overview")
    with time_machine.travel(MONDAY, tick=False):
        client = logged_in_client(world["coordinator"])
        client.get(url)
        with django_assert_max_num_queries(30):
            response = client.get(url)
    assert response.status_code == 200
    rows = response.context["terms_passing"]
    assert [(signal.number, term.phrase) for signal, term in rows] == [
        ("DUE", "vandaag de laatste dag")
    ]
    assert "Signalen: oppaktermijn verloopt" in response.content.decode()
    with time_machine.travel(TUESDAY, tick=False):  # a new day, a new login
        rows = logged_in_client(world["coordinator"]).get(url).context["terms_passing"]
    assert [(s.number, t.phrase) for s, t in rows] == [
        ("DUE", "1 werkdag te laat"),
        ("LATER", "nog 1 werkdag"),
    ]
