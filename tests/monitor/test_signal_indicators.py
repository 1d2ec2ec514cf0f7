"""Indicator definitions v1 for signals, checked against figures counted by hand.

Every expected number below is worked out in the comments from the rows of ``march``; the
figures come from SQL (``monitor.signal_indicators``), on SQLite and on PostgreSQL alike
(``DATABASE_URL``). March 2026: the 1st is a Sunday, summer time starts on Sunday the 29th
(so 31 March is UTC+2, the rest of March UTC+1), Easter Monday is 6 April.
"""

from __future__ import annotations

import datetime as dt

import pytest

from grip.monitor.indicators import factsheet
from grip.monitor.publication import suppress
from grip.monitor.signal_indicators import signals_figures
from grip.network.models import Programme
from grip.people.recurrence import Scope
from grip.signalling.models import SignallingSettings
from grip.signalling.terms import in_time
from tests.factories import IncidentFactory, PersonFactory, SignalFactory
from tests.followup.helpers import term

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
SOURCES = (
    "police_i28", "police_other", "gp", "housing", "moz", "neighbour", "relative",
    "care_provider", "social_team", "self", "other",
)  # fmt: skip
RESULTS = (
    "regular_care", "trajectory", "no_action_needed", "not_reachable", "refused",
    "other_programme", "other",
)  # fmt: skip


def utc(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=dt.UTC)


def source(code: str):  # type: ignore[no-untyped-def]
    return term("signal_source", code)


def result(code: str):  # type: ignore[no-untyped-def]
    return term("signal_result", code)


@pytest.fixture
def programme(reference) -> Programme:
    return Programme.objects.get(slug="groninger-vroegsignalering")


@pytest.fixture
def march(programme, hotspot):  # type: ignore[no-untyped-def]
    """Seven signals of the programme received in March (local dates), two outside it.

    name  received (local date)        source      person picked up (local)  in time?
    S1    1 Mar 23:30Z (Mon 2 Mar)     police_i28  X      Mon 9 Mar          due Mon 9: yes
    S2    2 Mar 10:00Z (Mon 2 Mar)     gp          X      9 Mar 23:30Z =     due Mon 9: no
                                                          Tue 10 Mar
    S3    13 Mar 09:00Z (Fri 13 Mar)   housing     Y      Fri 20 Mar         due Fri 20: yes
    S4    14 Mar 09:00Z (Sat 14 Mar)   neighbour   Z      Mon 23 Mar         due Fri 20: no
    S5    31 Mar 21:30Z (Tue 31 Mar    police_i28  Y      —                  not picked up
          23:30, summer time)
    S7    28 Feb 23:30Z (Sun 1 Mar)    self        —      Mon 2 Mar          due Fri 6: yes
    S9    16 Mar 09:00Z (Mon 16 Mar)   police_i28  W      Mon 16 Mar         due Mon 23: yes
    out:  31 Mar 23:30Z (1 Apr 01:30 local); and a signal of another programme.
    Due dates: five working days counted from the day after receipt (S1, received Monday 2
    March local time, is due Monday 9; counted from its UTC date, Sunday 1 March, it would be
    due Friday 6 and late).
    """
    x, y, z, w = (PersonFactory(programmes=[programme]) for _ in range(4))
    SignalFactory(
        number="S1", source=source("police_i28"), person=x, received_at=utc(3, 1, 23, 30),
        picked_up_at=utc(3, 9, 8), first_contact_at=utc(3, 10, 9), first_contact_with="network",
        closed_at=utc(3, 20, 10), result=result("regular_care"),
    )  # fmt: skip
    SignalFactory(
        number="S2", source=source("gp"), person=x, received_at=utc(3, 2, 10),
        picked_up_at=utc(3, 9, 23, 30), first_contact_at=utc(3, 11, 10),
        first_contact_with="person", closed_at=utc(3, 12, 10), result=result("trajectory"),
    )  # fmt: skip
    SignalFactory(
        number="S3", source=source("housing"), person=y, received_at=utc(3, 13, 9),
        picked_up_at=utc(3, 20, 12), first_contact_at=utc(3, 20, 13), first_contact_with="network",
        closed_at=utc(3, 25, 10), result=result("not_reachable"),
    )  # fmt: skip
    SignalFactory(
        number="S4", source=source("neighbour"), person=z, received_at=utc(3, 14, 9),
        picked_up_at=utc(3, 23, 9),
    )  # fmt: skip
    SignalFactory(
        number="S5", source=source("police_i28"), person=y, received_at=utc(3, 31, 21, 30)
    )
    SignalFactory(
        number="S6", source=source("police_i28"), person=y, received_at=utc(3, 31, 23, 30),
        picked_up_at=utc(4, 1, 8),
    )  # fmt: skip
    SignalFactory(
        number="S7", source=source("self"), received_at=utc(2, 28, 23, 30),
        picked_up_at=utc(3, 2, 9), first_contact_at=utc(3, 2, 10), first_contact_with="person",
        closed_at=utc(3, 2, 11), result=result("no_action_needed"),
    )  # fmt: skip
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    SignalFactory(
        number="S8", programme=wijk_ggd, source=source("gp"), person=x,
        received_at=utc(3, 10, 9), picked_up_at=utc(3, 10, 10),
    )  # fmt: skip
    SignalFactory(
        number="S9", source=source("police_i28"), person=w, received_at=utc(3, 16, 9),
        picked_up_at=utc(3, 16, 10), first_contact_at=utc(3, 16, 11),
        first_contact_with="network", closed_at=utc(3, 17, 10), result=result("regular_care"),
    )  # fmt: skip
    # Police incidents after closure (any code, any programme):
    # X, closed 20 March: 20 March + 90 days = 18 June; an incident on 18 June 23:00 local
    #   (21:00Z, summer time) is inside the window: X counts.
    IncidentFactory(programme=hotspot, person=x, reported_at=utc(6, 18, 21))
    # Y, closed 25 March: + 90 days = 23 June; 23 June 22:30Z is 24 June 00:30 local, day 91:
    #   outside. An incident an hour before the closure is not after it. Y does not count.
    IncidentFactory(programme=hotspot, person=y, reported_at=utc(6, 23, 22, 30))
    IncidentFactory(programme=programme, person=y, reported_at=utc(3, 25, 9))
    # W, closed 17 March 10:00Z: an incident at that very moment is not after it.
    IncidentFactory(programme=hotspot, person=w, reported_at=utc(3, 17, 10))
    # Z has an incident but no closed signal: not among the persons counted.
    IncidentFactory(programme=hotspot, person=z, reported_at=utc(3, 24, 10))


@pytest.mark.usefixtures("march")
def test_every_signals_figure_as_counted_by_hand(programme) -> None:
    figures = signals_figures(Scope(programme, *MARCH))
    # S1, S2, S3, S4, S5, S7, S9 (S6 is 1 April local time, S8 another programme).
    assert figures["received"] == 7
    # police_i28: S1, S5, S9; gp: S2; housing: S3; neighbour: S4; self: S7; all others 0.
    expected_sources = dict.fromkeys(SOURCES, 0) | {
        "police_i28": 3, "gp": 1, "housing": 1, "neighbour": 1, "self": 1,
    }  # fmt: skip
    assert figures["by_source"] == {code: {"count": n} for code, n in expected_sources.items()}
    # In time: S1, S3, S7, S9 (see the table in ``march``) = 4 of 7.
    assert figures["picked_up_in_time"] == {"count": 4, "share": 4 / 7}
    assert figures["not_picked_up"] == 1  # S5
    # Local days from receipt to first contact: S1 2→10 Mar = 8, S2 2→11 = 9, S3 13→20 = 7,
    # S7 1→2 = 1, S9 16→16 = 0. Sorted 0, 1, 7, 8, 9: the median is 7 (five measured).
    assert figures["days_to_first_contact"] == {"median": 7.0, "measured": 5}
    # Network: S1, S3, S9; person: S2, S7; none: S4, S5. Network share 3 / (3 + 2).
    assert figures["first_contact"] == {
        "network": {"count": 3},
        "person": {"count": 2},
        "none": {"count": 2},
        "network_share": 0.6,
    }
    # regular_care: S1, S9; trajectory: S2; not_reachable: S3; no_action_needed: S7;
    # open: S4 (picked up), S5 (new).
    expected_results = dict.fromkeys(RESULTS, 0) | {
        "regular_care": 2, "trajectory": 1, "not_reachable": 1, "no_action_needed": 1,
    }  # fmt: skip
    assert figures["results"] == {
        **{code: {"count": n} for code, n in expected_results.items()},
        "open": {"count": 2},
    }
    # X (S1, S2), Y (S3, S5), Z (S4), W (S9); S7 has no key. Repeat: X and Y.
    assert figures["persons"] == {"distinct": 4, "repeat_persons": 2}
    # Closed with a key: S1, S2 (X), S3 (Y), S9 (W): three persons; only X had an incident
    # in the 90 days after a closure (see ``march``).
    assert figures["police_after"] == {"count": 1, "of": 3, "share": 1 / 3}


@pytest.mark.usefixtures("march")
def test_even_number_of_contacts_takes_the_mean_of_the_middle_two(programme) -> None:
    # 1–13 March: S1 (8), S2 (9), S3 (7), S7 (1); sorted 1, 7, 8, 9 → (7 + 8) / 2.
    figures = signals_figures(Scope(programme, dt.date(2026, 3, 1), dt.date(2026, 3, 13)))
    assert figures["days_to_first_contact"] == {"median": 7.5, "measured": 4}


@pytest.mark.usefixtures("march")
def test_a_signal_belongs_to_its_local_date(programme) -> None:
    # S5 (31 March 23:30 local) is the last of March; S6 (31 March 23:30Z = 1 April 01:30
    # local) is the first of April; S7 (28 February 23:30Z = 1 March 00:30) is of March.
    last_day = signals_figures(Scope(programme, dt.date(2026, 3, 31), dt.date(2026, 3, 31)))
    assert last_day["received"] == 1
    assert last_day["not_picked_up"] == 1
    april = signals_figures(Scope(programme, dt.date(2026, 4, 1), dt.date(2026, 4, 30)))
    assert april["received"] == 1
    # S6: received Wednesday 1 April, picked up the same day: in time.
    assert april["picked_up_in_time"] == {"count": 1, "share": 1.0}
    first_day = signals_figures(Scope(programme, dt.date(2026, 3, 1), dt.date(2026, 3, 1)))
    assert first_day["received"] == 1
    assert first_day["by_source"]["self"] == {"count": 1}
    february = signals_figures(Scope(programme, dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    assert february["received"] == 0


@pytest.mark.usefixtures("march")
def test_in_time_agrees_with_the_pick_up_term_signal_by_signal(programme) -> None:
    from grip.signalling.models import Signal

    in_march = Signal.objects.filter(
        programme=programme, number__in=["S1", "S2", "S3", "S4", "S5", "S7", "S9"]
    )
    counted = sum(
        in_time(signal.received_at, signal.picked_up_at, 5)
        for signal in in_march
        if signal.picked_up_at is not None
    )
    assert counted == 4
    assert signals_figures(Scope(programme, *MARCH))["picked_up_in_time"]["count"] == counted


@pytest.mark.usefixtures("march")
def test_the_programmes_own_pick_up_term_counts(programme) -> None:
    # A term of one working day: S7 (received Sun 1 Mar, due Mon 2, picked up Mon 2) and S9
    # (same day) stay in time; S1 (due Tue 3) and S3 (due Mon 16) become late.
    SignallingSettings.objects.create(programme=programme, pickup_working_days=1)
    figures = signals_figures(Scope(programme, *MARCH))
    assert figures["picked_up_in_time"] == {"count": 2, "share": 2 / 7}


@pytest.mark.usefixtures("march")
def test_a_pick_up_after_the_period_counts(programme) -> None:
    # S4 was picked up on 23 March; over 1–15 March (S1, S2, S3, S4, S7) it still counts as
    # picked up (late), and S1, S3, S7 are in time.
    figures = signals_figures(Scope(programme, dt.date(2026, 3, 1), dt.date(2026, 3, 15)))
    assert figures["received"] == 5
    assert figures["not_picked_up"] == 0
    assert figures["picked_up_in_time"]["count"] == 3


def test_an_empty_period_has_every_code_at_zero(programme) -> None:
    figures = signals_figures(Scope(programme, *MARCH))
    assert figures["received"] == 0
    assert set(figures["by_source"]) == set(SOURCES)
    assert set(figures["results"]) == {*RESULTS, "open"}
    assert figures["picked_up_in_time"] == {"count": 0, "share": None}
    assert figures["days_to_first_contact"] == {"median": None, "measured": 0}
    assert figures["first_contact"]["network_share"] is None
    assert figures["police_after"] == {"count": 0, "of": 0, "share": None}


CLOSED = utc(3, 2, 9, 30)  # Monday 2 March 10:30 local (winter time)


@pytest.mark.parametrize(
    ("incident_at", "counts"),
    [
        # 2 March + 90 days = 31 May (summer time, UTC+2).
        (utc(5, 31, 21, 59), True),  # 31 May 23:59 local: day 90
        (utc(5, 31, 22, 0), False),  # 1 June 00:00 local: day 91
        (utc(5, 31, 8), True),
        (CLOSED, False),  # at the very moment of closure: not after it
        (CLOSED + dt.timedelta(seconds=1), True),  # the same day, after the closure
        (utc(3, 1, 12), False),  # before
    ],
)
def test_police_after_window_edges(programme, hotspot, incident_at, counts) -> None:
    person = PersonFactory(programmes=[programme])
    SignalFactory(
        person=person, received_at=utc(3, 2, 8), picked_up_at=utc(3, 2, 9),
        closed_at=CLOSED, result=result("refused"),
    )  # fmt: skip
    IncidentFactory(programme=hotspot, person=person, reported_at=incident_at)
    figures = signals_figures(Scope(programme, *MARCH))
    assert figures["police_after"] == {
        "count": int(counts),
        "of": 1,
        "share": 1.0 if counts else 0.0,
    }


def test_police_after_counts_persons_not_signals(programme, hotspot) -> None:
    # One person, two closed signals, an incident after each: one person of one.
    person = PersonFactory(programmes=[programme])
    for number, day in (("A", 2), ("B", 9)):
        SignalFactory(
            number=number, person=person, received_at=utc(3, day, 8), picked_up_at=utc(3, day, 9),
            closed_at=utc(3, day, 10), result=result("refused"),
        )  # fmt: skip
        IncidentFactory(programme=hotspot, person=person, reported_at=utc(3, day + 1, 10))
    # A closed signal without a person key is not among them.
    SignalFactory(
        number="C", received_at=utc(3, 3, 8), picked_up_at=utc(3, 3, 9),
        closed_at=utc(3, 3, 10), result=result("refused"),
    )  # fmt: skip
    assert signals_figures(Scope(programme, *MARCH))["police_after"] == {
        "count": 1,
        "of": 1,
        "share": 1.0,
    }


@pytest.mark.usefixtures("march")
def test_published_signals_withhold_small_cells(programme) -> None:
    published = suppress(factsheet(Scope(programme, *MARCH)), limit=3)["signals"]
    withheld = {"count": None, "suppressed": True}
    assert published["received"] == 7
    # by_source: police_i28 3 stays; gp, housing, neighbour, self (1 each) are withheld; the
    # withheld cells hold 4 together, so no further cell is needed; zeros stay.
    assert published["by_source"]["police_i28"] == {"count": 3}
    for code in ("gp", "housing", "neighbour", "self"):
        assert published["by_source"][code] == withheld
    assert published["by_source"]["moz"] == {"count": 0}
    # picked_up_in_time 4 stays with its share; not_picked_up 1 is withheld.
    assert published["picked_up_in_time"] == {"count": 4, "share": 4 / 7}
    assert published["not_picked_up"] == withheld
    # first_contact: network 3 stays; person 2 and none 2 are withheld; no share.
    assert published["first_contact"]["network"] == {"count": 3}
    assert published["first_contact"]["person"] == withheld
    assert published["first_contact"]["none"] == withheld
    assert published["first_contact"]["network_share"] is None
    # results: every non-zero cell is below 3 (2, 1, 1, 1 and open 2): all withheld.
    for code in ("regular_care", "trajectory", "not_reachable", "no_action_needed", "open"):
        assert published["results"][code] == withheld
    assert published["results"]["refused"] == {"count": 0}
    assert published["persons"] == {"distinct": 4, "repeat_persons": withheld}
    # police_after: count 1 withheld with its share; of 3 stays.
    assert published["police_after"] == {**withheld, "of": 3}
    assert published["days_to_first_contact"] == {"median": 7.0, "measured": 5}


@pytest.mark.usefixtures("march")
def test_factsheet_json_carries_the_signals_part(programme) -> None:
    figures = factsheet(Scope(programme, *MARCH))
    assert figures["definitions"] == "v1"
    assert figures["parts"] == ["signals"]  # no responses in this programme in March
    assert set(figures["signals"]) == {
        "received", "by_source", "picked_up_in_time", "not_picked_up", "days_to_first_contact",
        "first_contact", "results", "persons", "police_after",
    }  # fmt: skip
    assert set(figures["signals"]["picked_up_in_time"]) == {"count", "share"}
    assert set(figures["signals"]["days_to_first_contact"]) == {"median", "measured"}
    assert set(figures["signals"]["first_contact"]) == {
        "network",
        "person",
        "none",
        "network_share",
    }
    assert set(figures["signals"]["persons"]) == {"distinct", "repeat_persons"}
    assert set(figures["signals"]["police_after"]) == {"count", "of", "share"}
    # The responses' keys are always there too (DOMAIN.md's keys that must exist).
    assert figures["situations"] == 0


def test_national_signals_add_up_over_programmes(programme) -> None:
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    SignalFactory(received_at=utc(3, 2, 9))
    SignalFactory(programme=wijk_ggd, received_at=utc(3, 3, 9), picked_up_at=utc(3, 3, 10))
    national = signals_figures(Scope(None, *MARCH))
    assert national["received"] == 2
    assert national["picked_up_in_time"]["count"] == 1
