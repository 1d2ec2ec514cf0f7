"""The signals part on the factsheet (page, PDF, command), the dashboard and the comparison:
a programme shows what it has (responses, signals or both), counts stay bounded in queries."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grip.monitor.refresh import refresh_facts
from grip.network.models import Programme
from grip.signalling.models import FactsheetParts, SignallingSettings
from tests.factories import IncidentFactory, PersonFactory, SignalFactory
from tests.followup.helpers import term
from tests.monitor.test_indicators import five  # noqa: F401 - the hand-counted March data
from tests.pdf_support import pdf_text, require_pdf

pytestmark = pytest.mark.django_db

# The outsider persona is the coordinator of wijk-ggd: exact figures of that programme.
WIJK_MARCH = {"programme": "wijk-ggd", "date_from": "2026-03-01", "date_to": "2026-03-31"}
HOTSPOT_MARCH = {**WIJK_MARCH, "programme": "groninger-hotspot"}


def utc(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def six_signals(programme: Programme) -> None:
    """Six signals received in March 2026, at 09:00Z on Mondays: W0 on the 2nd, W1 on the
    9th, W2 on the 16th, W3–W5 on the 23rd. W0–W3 are picked up the same day (in time); W4 on
    Monday 30 March, the fifth working day after the 23rd (Tue 24 … Fri 27, Mon 30): in time;
    W5 is not picked up. W0–W2 had a first contact with the network and are closed as regular
    care; W3–W5 are open. W0 and W1 are of one person; the others have no key.
    """
    person = PersonFactory(programmes=[programme])
    regular = term("signal_result", "regular_care")
    days = [2, 9, 16, 23, 23, 23]
    for index, day in enumerate(days):
        picked = None if index == 5 else utc(3, 30 if index == 4 else day, 10)
        closed = utc(3, day, 12) if index < 3 else None
        SignalFactory(
            programme=programme, number=f"W{index}", person=person if index < 2 else None,
            received_at=utc(3, day, 9), picked_up_at=picked,
            first_contact_at=utc(3, day, 11) if index < 3 else None,
            first_contact_with="network" if index < 3 else "",
            closed_at=closed, result=regular if closed else None,
        )  # fmt: skip


@pytest.fixture
def wijk_ggd(reference) -> Programme:
    programme = Programme.objects.get(slug="wijk-ggd")
    six_signals(programme)
    return programme


@pytest.mark.usefixtures("wijk_ggd")
def test_a_programme_with_only_signals_shows_no_responses_section(client_for) -> None:
    response = client_for("outsider").get(reverse("monitor:factsheet"), WIJK_MARCH)
    assert response.status_code == 200
    sheet = response.context["sheet"]
    assert sheet.figures["parts"] == ["signals"]
    page = response.content.decode()
    assert "Aantal signalen" in page
    assert '<span id="fs-signals-count">6</span>' in page
    for responses_only in ("Aantal situaties", "AVE-niveau bij aankomst", "Veiligheid bij vertrek"):
        assert responses_only not in page
    assert "Nog geen reflectiesessies" not in page  # an empty reflection is a responses' block
    # The statement of when the figures were made (pick-ups after the period count).
    assert "zoals vastgelegd op" in page
    assert "gemaakt op" in page


@pytest.mark.usefixtures("five")
def test_a_programme_with_only_responses_shows_no_signals_section(client_for) -> None:
    page = client_for("coordinator").get(reverse("monitor:factsheet"), HOTSPOT_MARCH)
    assert page.context["sheet"].figures["parts"] == ["responses"]
    text = page.content.decode()
    assert "Aantal situaties" in text
    assert "Aantal signalen" not in text


@pytest.mark.usefixtures("five")
def test_a_programme_with_both_shows_both(client_for, hotspot) -> None:
    six_signals(hotspot)
    text = client_for("coordinator").get(reverse("monitor:factsheet"), HOTSPOT_MARCH)
    assert text.context["sheet"].figures["parts"] == ["responses", "signals"]
    assert "Aantal situaties" in text.content.decode()
    assert "Aantal signalen" in text.content.decode()


@pytest.mark.parametrize(
    ("choice", "parts"),
    [
        (FactsheetParts.BOTH, ["responses", "signals"]),
        (FactsheetParts.RESPONSES, ["responses"]),
        (FactsheetParts.SIGNALS, ["signals"]),
        (FactsheetParts.AUTOMATIC, ["signals"]),
    ],
)
def test_the_coordinators_choice_of_parts_is_honoured(client_for, wijk_ggd, choice, parts) -> None:
    SignallingSettings.objects.create(programme=wijk_ggd, factsheet_parts=choice)
    response = client_for("outsider").get(reverse("monitor:factsheet"), WIJK_MARCH)
    assert response.context["sheet"].figures["parts"] == parts
    assert ("Aantal situaties" in response.content.decode()) is ("responses" in parts)


def test_an_empty_period_shows_what_the_programme_has_had(client_for, wijk_ggd) -> None:
    april = {**WIJK_MARCH, "date_from": "2026-04-01", "date_to": "2026-04-30"}
    response = client_for("outsider").get(reverse("monitor:factsheet"), april)
    assert response.context["sheet"].figures["parts"] == ["signals"]
    assert '<span id="fs-signals-count">0</span>' in response.content.decode()


def test_published_pdf_of_signals_withholds_small_cells(client_for, wijk_ggd) -> None:
    require_pdf()
    response = client_for("outsider").get(reverse("monitor:factsheet_pdf"), WIJK_MARCH)
    text = pdf_text(response.content)
    assert "Aantal signalen" in text
    assert "6 ontvangen" in text
    assert "<5" in text  # e.g. one not picked up, two persons' signals
    assert "gemaakt op" in text
    assert "Aantal situaties" not in text


def test_command_json_has_the_signals_and_when_it_was_made(wijk_ggd) -> None:
    out = StringIO()
    call_command(
        "factsheet", "--programme", "wijk-ggd", "--from", "2026-03-01", "--to", "2026-03-31",
        stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    # a–d same day, e on the fifth working day: five in time of six; f not picked up.
    assert figures["signals"]["received"] == 6
    assert figures["signals"]["picked_up_in_time"] == {"count": 5, "share": 5 / 6}
    assert figures["signals"]["not_picked_up"] == 1
    assert figures["parts"] == ["signals"]
    assert dt.datetime.fromisoformat(figures["made_at"]).tzinfo is not None
    published = StringIO()
    call_command(
        "factsheet", "--programme", "wijk-ggd", "--from", "2026-03-01", "--to", "2026-03-31",
        "--publish", stdout=published,
    )  # fmt: skip
    withheld = json.loads(published.getvalue())["signals"]
    assert withheld["not_picked_up"] == {"count": None, "suppressed": True}
    assert withheld["received"] == 6


def test_dashboard_shows_monthly_signals(client_for, wijk_ggd) -> None:
    response = client_for("outsider").get(reverse("monitor:dashboard"), WIJK_MARCH)
    assert response.status_code == 200
    assert response.context["shows_signals"] is True
    assert response.context["shows_responses"] is False
    (march,) = response.context["signal_rows"]
    assert (march["received"], march["in_time"], march["open"]) == (6, 5, 3)
    # Results in the vocabulary's order: regular_care first, three closed as such.
    assert march["results"][0] == 3
    assert sum(march["results"]) == 3
    page = response.content.decode()
    assert "Signalen per maand" in page
    assert "Situaties per maand" not in page


def test_comparison_shows_the_signals_lines(client_for, wijk_ggd) -> None:
    query = {
        "programme": "wijk-ggd",
        "a_from": "2026-02-01",
        "a_to": "2026-02-28",
        "b_from": "2026-03-01",
        "b_to": "2026-03-31",
    }
    response = client_for("outsider").get(reverse("monitor:compare"), query)
    assert response.status_code == 200
    lines = {line.label: line for line in response.context["lines"]}
    assert lines["Ontvangen signalen"].a == "0"
    assert lines["Ontvangen signalen"].b == "6"
    assert lines["Ontvangen signalen"].change == "+6"
    assert lines["Op tijd opgepakt"].b == "5"
    assert "Aantal situaties" not in lines  # signals only in both periods
    assert "Top drie per periode" not in response.content.decode()


def _queries(client, name: str, query: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), query).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.usefixtures("five")
def test_queries_stay_bounded_with_both_parts(client_for, hotspot) -> None:
    six_signals(hotspot)
    client = client_for("coordinator")
    refresh_facts()
    compare = {
        "programme": "groninger-hotspot",
        "a_from": "2026-02-01",
        "a_to": "2026-02-28",
        "b_from": "2026-03-01",
        "b_to": "2026-03-31",
    }
    screens = [
        ("monitor:factsheet", HOTSPOT_MARCH),
        ("monitor:dashboard", HOTSPOT_MARCH),
        ("monitor:compare", compare),
    ]
    counted = [_queries(client, name, query) for name, query in screens]
    # The bounds of test_views (40, 30, 50) hold with the signals part as well.
    assert counted[0] <= 40
    assert counted[1] <= 30
    assert counted[2] <= 50
    # Many more signals, persons, closures and incidents (in the same months): not one
    # query more.
    regular = term("signal_result", "regular_care")
    for n in range(30):
        person = PersonFactory(programmes=[hotspot])
        SignalFactory(
            programme=hotspot, number=f"more{n}", person=person,
            source=term("signal_source", "gp" if n % 2 else "housing"),
            received_at=utc(3, 1 + n % 27, 9),
            picked_up_at=utc(3, 28, 9), first_contact_at=utc(3, 28, 10),
            first_contact_with="person", closed_at=utc(3, 28, 11), result=regular,
        )  # fmt: skip
        IncidentFactory(programme=hotspot, person=person, reported_at=utc(4, 2, 9))
    assert [_queries(client, name, query) for name, query in screens] == counted
