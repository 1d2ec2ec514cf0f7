"""Exporting situations: the v1 columns, local dates and offsets, order, keys, the formula
guard, and the round trip export → import → export."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.network.models import Programme
from grip.triage.actions import ResponseData, register_response
from grip.triage.exchange import COLUMNS, csv_lines
from grip.vocab.models import Term, Vocabulary
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_exchange_helpers import (
    HOTSPOT,
    a_row,
    csv_bytes,
    delete_case_data,
    run_import,
)

pytestmark = pytest.mark.django_db

HEADER_LINE = ",".join(COLUMNS) + "\r\n"


def export(programme: str = HOTSPOT, *args: str) -> str:
    out = io.StringIO()
    call_command("export_situations", "--programme", programme, *args, stdout=out)
    return out.getvalue()


def realistic_rows(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Varied, invented rows: DST on both sides, multi-line and quoted notes, formula-like
    cells, repeated person keys, empty optional cells, several codes per cell."""
    rng = random.Random(seed)
    local = dt.timezone(dt.timedelta(hours=1))
    summer = dt.timezone(dt.timedelta(hours=2))
    notes = [
        "",
        "Rustig na gesprek.",
        'Zei: "ik wil naar huis", daarna, rustig.',
        "Eerste regel\nTweede regel",
        '=HYPERLINK("http://example.invalid")',
        "-2 agenten ter plaatse",
        "'=al tussen aanhalingstekens",
        "Ervaringsdeskundige ingezet; zus geïnformeerd (ü, é, €).",
    ]
    rows = []
    for n in range(count):
        zone = summer if n % 3 == 0 else local
        month = 7 if zone is summer else 1
        reported = dt.datetime(
            2026, month, 1 + n % 27, rng.randrange(24), rng.randrange(60), tzinfo=zone
        )
        arrived = reported + dt.timedelta(minutes=rng.randrange(5, 60))
        departed = arrived + dt.timedelta(minutes=rng.randrange(10, 200))
        rows.append(
            a_row(
                incident_number=f"2026-{n:05d}" if n % 5 else f"-{n}",
                incident_code=rng.choice(["E33", "E33", "E14", "I28", "OTHER"]),
                area=rng.choice(["", "centrum", "noordelijke-wijken"]),
                reported_at=reported.isoformat(),
                arrived_at=arrived.isoformat() if n % 4 else "",
                departed_at=departed.isoformat() if n % 4 else "",
                police_departed_at=(arrived + dt.timedelta(minutes=5)).isoformat()
                if n % 7 == 1
                else "",
                police_officers=str(rng.randrange(0, 4)) if n % 6 else "",
                ave_level=str(rng.randint(1, 4)) if n % 5 else "",
                person_key=f"K{rng.randrange(8):06d}" if n % 8 else "",
                risks="|".join(
                    rng.sample(
                        ["verbal_aggression", "psychosis", "weapon", "intoxication"],
                        rng.randrange(0, 3),
                    )
                ),
                interventions="|".join(
                    rng.sample(
                        ["deescalated", "crisis_service", "peer_expert"], rng.randrange(0, 3)
                    )
                ),
                bottlenecks=rng.choice(["", "no_bed", "no_bed|care_avoidance"]),
                safety_person=rng.choice(["", "none", "limited", "reasonable", "full"]),
                safety_surroundings=rng.choice(["", "reasonable", "full"]),
                outcome=rng.choice(["", "stayed_home", "voluntary_care", "police_custody"]),
                follow_up=rng.choice(["", "yes", "no"]),
                notes=notes[n % len(notes)],
            )
        )
    return rows


def test_a_realistic_file_round_trips_byte_for_byte(persona, hotspot: Programme) -> None:  # type: ignore[no-untyped-def]
    assert run_import(csv_bytes(realistic_rows(60))).created == 60
    # One response registered on screen, for a person with only Grip's own display key.
    person = PersonFactory(programmes=[hotspot])
    incident = IncidentFactory(number="FORM-1", person=person)
    register_response(
        persona("coordinator"), incident, ResponseData(notes="Via het scherm.", police_officers=1)
    )

    first = export()
    assert first.startswith(HEADER_LINE)
    assert person.display_key in first
    delete_case_data()
    report = run_import(first.encode())
    assert (report.created, report.rejected) == (61, 0)
    second = export()
    assert second == first


def test_columns_codes_times_and_formula_guard(hotspot: Programme) -> None:
    run_import(
        csv_bytes(
            [
                a_row(
                    risks="psychosis|verbal_aggression|weapon",  # vocabulary order on export
                    notes="=1+1",
                    incident_number="@T1",
                    police_departed_at="",
                    reported_at="2026-07-01T09:00:00Z",
                    arrived_at="2026-07-01T11:10:00+02:00",
                    departed_at="2026-07-01T12:00:00+02:00",
                )
            ]
        )
    )
    lines = export().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == (
        "'@T1,E33,groninger-hotspot,GM0014,centrum,2026-07-01T11:00:00+02:00,"
        "2026-07-01T11:10:00+02:00,2026-07-01T12:00:00+02:00,,2,3,K000001,"
        "verbal_aggression|psychosis|weapon,deescalated|network_involved,no_bed,reasonable,"
        "full,stayed_home,yes,'=1+1"
    )


def test_period_is_local_dates_inclusive_in_order(reference: None) -> None:
    rows = [
        a_row(incident_number="B", reported_at="2026-02-01T00:30:00+01:00"),  # 31 Jan in UTC
        a_row(incident_number="A", reported_at="2026-02-01T00:30:00+01:00"),
        a_row(incident_number="LATE", reported_at="2026-02-28T23:59:00+01:00"),
        a_row(incident_number="BEFORE", reported_at="2026-01-31T23:59:00+01:00"),
        a_row(incident_number="AFTER", reported_at="2026-03-01T00:00:00+01:00"),
    ]
    for row in rows:
        row.update(arrived_at="", departed_at="", police_departed_at="")
    run_import(csv_bytes(rows))
    body = export(HOTSPOT, "--from", "2026-02-01", "--to", "2026-02-28").splitlines()[1:]
    assert [line.split(",")[0] for line in body] == ["A", "B", "LATE"]
    assert len(export().splitlines()) == 6


def test_person_key_is_the_programmes_source_key_else_the_display_key(hotspot: Programme) -> None:
    run_import(csv_bytes([a_row(person_key="K42")]))
    person = PersonFactory(programmes=[hotspot])
    IncidentFactory(number="X", person=person)  # no response: not a situation, not exported
    run_import(csv_bytes([a_row(incident_number="X", person_key=person.display_key)]))
    keys = [line.split(",")[11] for line in export().splitlines()[1:]]
    assert sorted(keys) == sorted(["K42", person.display_key])


def test_export_to_a_file_and_the_access_log(reference: None, tmp_path: Path) -> None:
    run_import(csv_bytes([a_row()]))
    target = tmp_path / "uit.csv"
    call_command("export_situations", "--programme", HOTSPOT, "--from", "2026-01-01", str(target))
    assert target.read_bytes() == export().encode()
    event = AccessEvent.objects.filter(action="export").order_by("pk").first()
    assert event is not None
    assert (event.programme, event.user) == (HOTSPOT, None)
    assert event.purpose == f"export_situations {HOTSPOT} 2026-01-01.."
    with pytest.raises(CommandError):
        export("bestaat-niet")
    with pytest.raises(CommandError):
        export(HOTSPOT, "--from", "2026-02-02", "--to", "2026-02-01")


def test_notes_only_for_those_who_may_see_care_data(persona, hotspot: Programme) -> None:  # type: ignore[no-untyped-def]
    run_import(csv_bytes([a_row(notes="Zorgnotitie.")]))
    police = "".join(csv_lines(hotspot, user=persona("police_officer")))
    coordinator = "".join(csv_lines(hotspot, user=persona("coordinator")))
    assert "Zorgnotitie." not in police
    assert police.splitlines()[1].endswith(",yes,")
    assert coordinator.splitlines()[1].endswith(",yes,Zorgnotitie.")


def test_export_queries_do_not_grow_with_rows(
    hotspot: Programme,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    run_import(csv_bytes(a_row(incident_number=f"N{n}", person_key=f"K{n}") for n in range(5)))
    with django_assert_max_num_queries(6):
        assert len(list(csv_lines(hotspot))) == 6
    run_import(csv_bytes(a_row(incident_number=f"M{n}", person_key=f"K{n}") for n in range(120)))
    with django_assert_max_num_queries(6):
        assert len(list(csv_lines(hotspot))) == 126


def test_retired_codes_are_still_exported(reference: None) -> None:
    run_import(csv_bytes([a_row(outcome="hospital")]))
    Term.objects.filter(vocabulary=Vocabulary.OUTCOME, code="hospital").update(
        retired_at=timezone.now()
    )
    assert ",hospital," in export()
