"""Importing situations: what gets written, what is refused and why, and what never happens."""

from __future__ import annotations

import gc
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grip.access.models import AccessEvent
from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.monitor import triggers
from grip.network.models import Area, Municipality, Programme
from grip.people.models import Person, SourceKey
from grip.triage.actions import ResponseData, describe_changes, snapshot
from grip.triage.exchange import COLUMNS, writes
from grip.triage.models import Response, ResponseRevision
from grip.vocab.models import Term, Vocabulary
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_exchange_helpers import (
    HOTSPOT,
    a_row,
    case_counts,
    csv_bytes,
    errors_of,
    run_import,
)

pytestmark = pytest.mark.django_db


def test_a_row_becomes_an_incident_a_response_and_its_history(hotspot: Programme) -> None:
    report = run_import(csv_bytes([a_row()]))
    assert (report.created, report.updated, report.rejected, report.exit_code) == (1, 0, 0, 0)

    incident = Incident.objects.get(number="T-0001")
    assert (incident.programme, incident.kind.code) == (hotspot, "E33")
    assert incident.municipality.cbs_code == "GM0014"
    assert incident.area is not None
    assert incident.area.slug == "centrum"
    assert incident.reported_at.isoformat() == "2026-01-31T22:30:00+00:00"
    response = incident.response
    assert response.version == 1
    assert (response.police_officers, response.ave_on_arrival) == (2, 3)
    assert sorted(t.code for t in response.risks.all()) == ["psychosis", "verbal_aggression"]
    assert response.outcome is not None
    assert response.outcome.code == "stayed_home"
    assert response.follow_up_needed is True
    assert response.notes == "Synthetische notitie: rustig na gesprek."

    person = incident.person
    assert person is not None
    assert person.display_key.startswith("P-")
    assert SourceKey.objects.get(programme=hotspot, key="K000001").person == person
    assert hotspot in person.programmes.all()
    assert Trajectory.objects.get(response=response).person == person

    revision = ResponseRevision.objects.get(response=response)
    assert (revision.version, revision.source, revision.changed_by) == (1, "import", None)
    assert revision.changes == describe_changes(ResponseData(), snapshot(response))
    event = AccessEvent.objects.get(object_id=str(response.pk))
    assert (event.action, event.user, event.programme) == ("create", None, HOTSPOT)
    assert (event.purpose, event.person_key) == (
        "import_situations situaties.csv",
        person.display_key,
    )


def test_the_same_file_twice_creates_nothing_new(reference: None) -> None:
    data = csv_bytes([a_row(), a_row(incident_number="T-0002", person_key="K000001")])
    first = run_import(data)
    counts = case_counts()
    second = run_import(data)
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert case_counts() == counts  # not even a history or access-log row
    assert Person.objects.count() == 1  # the same key is the same person


def test_a_changed_row_updates_and_goes_up_one_version(reference: None) -> None:
    run_import(csv_bytes([a_row()]))
    report = run_import(
        csv_bytes(
            [a_row(notes="Bijgewerkt.", risks="psychosis", reported_at="2026-01-31T23:45+01:00")]
        )
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    response = Response.objects.get()
    assert (response.version, response.notes) == (2, "Bijgewerkt.")
    assert [t.code for t in response.risks.all()] == ["psychosis"]
    revision = response.revisions.get(version=2)
    assert revision.changes["notes"] == ["Synthetische notitie: rustig na gesprek.", "Bijgewerkt."]
    assert revision.changes["risks"] == [["psychosis", "verbal_aggression"], ["psychosis"]]
    assert revision.changes["incident"] == [
        "reported_at 2026-01-31T22:30:00+00:00",
        "reported_at 2026-01-31T22:45:00+00:00",
    ]
    assert AccessEvent.objects.filter(action="update", object_id=str(response.pk)).count() == 1
    assert Incident.objects.count() == 1


def test_a_key_twice_in_one_file_is_created_then_updated(reference: None) -> None:
    rows = [a_row(), a_row(notes="Later in hetzelfde bestand.")]
    report = run_import(csv_bytes(rows), batch_size=1000)
    assert (report.created, report.updated) == (1, 1)
    assert Response.objects.get().notes == "Later in hetzelfde bestand."


def test_small_batches_give_the_same_result(reference: None) -> None:
    rows = [a_row(incident_number=f"T-{n}", person_key=f"K{n % 2}") for n in range(7)]
    report = run_import(csv_bytes(rows), batch_size=2)
    assert (report.created, report.rejected) == (7, 0)
    assert Person.objects.count() == 2


# --- bad cells: reported with line and column, good rows kept ------------------------------

LATE = "2026-02-01T03:00:00+01:00"
EARLY = "2026-01-31T22:00:00+01:00"
BAD_CELLS = [
    ("incident_number", {"incident_number": ""}),
    ("incident_number", {"incident_number": "x" * 41}),
    ("incident_code", {"incident_code": "E99"}),
    ("incident_code", {"incident_code": ""}),
    ("programme", {"programme": "onbekend-programma"}),
    ("municipality", {"municipality": "0014"}),
    ("municipality", {"municipality": "GM9999"}),
    ("municipality", {"municipality": "GM0363"}),  # Amsterdam: not in the Hotspot
    ("area", {"area": "nergens"}),
    ("reported_at", {"reported_at": ""}),
    ("reported_at", {"reported_at": "gisteren"}),
    ("reported_at", {"reported_at": "2026-01-31T23:30:00"}),  # no offset
    ("arrived_at", {"arrived_at": "2026-01-31T23:50:00"}),  # no offset
    ("arrived_at", {"arrived_at": EARLY}),  # before the report
    ("departed_at", {"departed_at": "2026-01-31T23:40:00+01:00"}),  # before the arrival
    ("police_departed_at", {"police_departed_at": "2026-01-31T23:40:00+01:00"}),
    ("police_officers", {"police_officers": "-1"}),
    ("police_officers", {"police_officers": "twee"}),
    ("ave_level", {"ave_level": "0"}),
    ("ave_level", {"ave_level": "5"}),
    ("risks", {"risks": "psychosis|onbekend"}),
    ("interventions", {"interventions": "toveren"}),
    ("bottlenecks", {"bottlenecks": "geen"}),
    ("safety_person", {"safety_person": "prima"}),
    ("safety_surroundings", {"safety_surroundings": "matig"}),
    ("outcome", {"outcome": "weg"}),
    ("follow_up", {"follow_up": "ja"}),
    ("notes", {"notes": "x" * 4001}),
    ("notes", {"notes": "nul\x00teken"}),
]


@pytest.mark.parametrize(
    ("column", "bad"), BAD_CELLS, ids=[f"{c}-{i}" for i, (c, _b) in enumerate(BAD_CELLS)]
)
def test_a_bad_cell_is_reported_and_never_stops_the_good_rows(
    reference: None, column: str, bad: dict[str, str]
) -> None:
    rows = [
        a_row(incident_number="T-1", notes="Twee\nregels."),  # lines 2 and 3
        a_row(**{"incident_number": "T-2", **bad}),  # line 4
        a_row(incident_number="T-3", departed_at=LATE),  # line 5
    ]
    report = run_import(csv_bytes(rows))
    assert errors_of(report) == [(4, column)]
    assert all(error.reason for error in report.errors)
    assert (report.created, report.rejected, report.exit_code) == (2, 1, 1)
    assert set(Incident.objects.values_list("number", flat=True)) == {"T-1", "T-3"}


def test_an_area_outside_the_rows_municipality(hotspot: Programme) -> None:
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    hotspot.municipalities.add(amsterdam)
    report = run_import(csv_bytes([a_row(municipality="GM0363", area="centrum")]))
    assert errors_of(report) == [(2, "area")]
    assert "ligt niet in de gemeente" in report.errors[0].reason


def test_an_incident_of_another_programme_is_refused(reference: None) -> None:
    run_import(csv_bytes([a_row()]))
    other = a_row(programme="groninger-vroegsignalering", area="", notes="Ander programma.")
    report = run_import(csv_bytes([other]))
    assert errors_of(report) == [(2, "incident_number")]
    assert Response.objects.get().notes != "Ander programma."


def test_retired_codes_are_refused_for_new_data_but_kept_on_old_records(reference: None) -> None:
    run_import(csv_bytes([a_row(risks="weapon|psychosis", incident_code="OTHER")]))
    Term.objects.filter(code__in=["weapon", "OTHER"]).update(retired_at=timezone.now())

    again = run_import(
        csv_bytes([a_row(risks="weapon|psychosis", incident_code="OTHER", notes="x")])
    )
    assert (again.updated, again.rejected) == (1, 0)  # readable on the record that has them

    new = run_import(
        csv_bytes([a_row(incident_number="T-NEW", risks="weapon", incident_code="OTHER")])
    )
    assert errors_of(new) == [(2, "incident_code"), (2, "risks")]
    assert "buiten gebruik" in new.errors[1].reason
    added = run_import(
        csv_bytes([a_row(risks="weapon", outcome="hospital", incident_code="OTHER")])
    )
    assert (added.updated, added.rejected) == (1, 0)  # weapon stays, as it was there
    Term.objects.filter(vocabulary=Vocabulary.OUTCOME, code="hospital").update(
        retired_at=timezone.now()
    )
    chosen = run_import(csv_bytes([a_row(incident_number="T-X", outcome="hospital")]))
    assert errors_of(chosen) == [(2, "outcome")]


# --- files that cannot be used at all --------------------------------------------------------

UNUSABLE = {
    "unknown column": csv_bytes([a_row()], [*COLUMNS, "naam"]),
    "missing column": csv_bytes([a_row()], [c for c in COLUMNS if c != "municipality"]),
    "not utf-8": csv_bytes([a_row(notes="café")]).replace(
        "café".encode(), "café".encode("latin-1")
    ),
    "bad utf-8 far down": csv_bytes([a_row(incident_number=f"N{n}") for n in range(50)])
    + b"x,\xff\n",
    "not csv": csv_bytes([a_row()]) + b'T-9,"open quote\r\n',
    "empty": b"",
    "binary": bytes(range(256)),
}


@pytest.mark.parametrize("data", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_file_writes_nothing(reference: None, data: bytes) -> None:
    counts = case_counts()
    report = run_import(data)
    assert report.exit_code == 2
    assert report.unusable
    assert case_counts() == counts


def test_a_bom_and_columns_in_any_order_are_fine(reference: None) -> None:
    report = run_import(csv_bytes([a_row()], reversed(COLUMNS), bom=True))
    assert (report.created, report.exit_code) == (1, 0)


def test_absent_optional_columns_leave_fields_alone(reference: None) -> None:
    run_import(csv_bytes([a_row()]))
    columns = [
        "incident_number",
        "incident_code",
        "programme",
        "municipality",
        "reported_at",
        "notes",
    ]
    report = run_import(csv_bytes([a_row(notes="Alleen de notitie.")], columns))
    assert report.updated == 1
    response = Response.objects.get()
    assert response.notes == "Alleen de notitie."
    assert response.risks.count() == 2
    assert response.incident.person is not None
    assert response.incident.area is not None


def test_follow_up_no_never_deletes_a_trajectory(reference: None) -> None:
    run_import(csv_bytes([a_row(follow_up="yes")]))
    report = run_import(csv_bytes([a_row(follow_up="no")]))
    assert report.updated == 1
    assert Trajectory.objects.count() == 1
    assert Response.objects.get().follow_up_needed is False


def test_a_neutralised_cell_is_read_back_without_its_quote(reference: None) -> None:
    run_import(csv_bytes([a_row(notes='\'=HYPERLINK("x")', person_key="'-K1")]))
    assert Response.objects.get().notes == '=HYPERLINK("x")'
    assert SourceKey.objects.get().key == "-K1"


# --- persons ---------------------------------------------------------------------------------


def test_person_keys_are_per_programme(reference: None) -> None:
    rows = [
        a_row(incident_number="A", person_key="K1"),
        a_row(incident_number="B", person_key="K1"),
        a_row(
            incident_number="C", person_key="K1", programme="groninger-vroegsignalering", area=""
        ),
        a_row(incident_number="D", person_key=""),
    ]
    report = run_import(csv_bytes(rows))
    assert report.created == 4
    persons = dict(Incident.objects.values_list("number", "person"))
    assert persons["A"] == persons["B"] != persons["C"]
    assert persons["D"] is None


def test_a_display_key_from_an_export_finds_its_person(hotspot: Programme) -> None:
    person = PersonFactory(programmes=[hotspot])
    report = run_import(csv_bytes([a_row(person_key=person.display_key)]))
    assert report.created == 1
    assert Incident.objects.get().person == person
    assert not SourceKey.objects.exists()
    elsewhere = PersonFactory()  # not known in the Hotspot: its key is just a new source key
    run_import(csv_bytes([a_row(incident_number="T-2", person_key=elsewhere.display_key)]))
    assert Incident.objects.get(number="T-2").person != elsewhere


def test_an_incident_without_response_gets_one(hotspot: Programme) -> None:
    IncidentFactory(number="T-0001")
    report = run_import(csv_bytes([a_row()]))
    assert (report.created, report.updated) == (1, 0)
    assert Incident.objects.get().response.notes.startswith("Synthetische")


# --- dry run, command line --------------------------------------------------------------------


def test_dry_run_reports_the_same_and_writes_nothing(reference: None) -> None:
    run_import(csv_bytes([a_row(incident_number="OLD")]))
    data = csv_bytes(
        [
            a_row(incident_number="OLD", notes="nieuw"),
            a_row(ave_level="9"),
            a_row(incident_number="N"),
        ]
    )
    counts = case_counts()
    dry = run_import(data, dry_run=True)
    assert case_counts() == counts
    real = run_import(data)
    assert (
        (dry.created, dry.updated, dry.unchanged, dry.rejected, dry.exit_code)
        == (
            real.created,
            real.updated,
            real.unchanged,
            real.rejected,
            real.exit_code,
        )
        == (1, 1, 0, 1, 1)
    )
    assert dry.errors == real.errors
    assert dry.dry_run
    assert not real.dry_run


def test_command_exit_codes_and_report(reference: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_bytes([a_row()]))
    out = io.StringIO()
    call_command("import_situations", str(good), stdout=out)  # exit code 0: no exception
    assert "Nieuw: 1, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0." in out.getvalue()

    mixed = tmp_path / "gemengd.csv"
    mixed.write_bytes(
        csv_bytes([a_row(incident_number="T-2"), a_row(incident_number="T-3", ave_level="7")])
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as rejected:
        call_command("import_situations", str(mixed), "--dry-run", stdout=out)
    assert rejected.value.returncode == 1
    assert "Proefimport" in out.getvalue()
    assert "regel 3, kolom ave_level: " in out.getvalue()
    assert not Incident.objects.filter(number="T-2").exists()

    with pytest.raises(CommandError) as kept:
        call_command("import_situations", str(mixed), stdout=io.StringIO())
    assert kept.value.returncode == 1
    assert Incident.objects.filter(number="T-2").exists()

    unusable = tmp_path / "fout.csv"
    unusable.write_bytes(b"naam,adres\r\nJan,Dorpsstraat 1\r\n")
    with pytest.raises(CommandError) as broken:
        call_command("import_situations", str(unusable), stdout=io.StringIO())
    assert broken.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        call_command("import_situations", str(tmp_path / "bestaat-niet.csv"))
    assert missing.value.returncode == 2


# --- rights of an uploading user ---------------------------------------------------------------


def test_an_uploading_coordinator_imports_only_into_their_programmes(persona) -> None:  # type: ignore[no-untyped-def]
    coordinator = persona("coordinator")
    rows = [
        a_row(incident_number="MINE"),
        a_row(incident_number="THEIRS", programme="wijk-ggd", municipality="GM1969", area=""),
        a_row(incident_number="NONE", programme="bestaat-niet"),
    ]
    report = run_import(csv_bytes(rows), coordinator)
    assert errors_of(report) == [(3, "programme"), (4, "programme")]
    assert report.errors[0].reason.replace("wijk-ggd", "?") == report.errors[1].reason.replace(
        "bestaat-niet", "?"
    )
    assert list(Incident.objects.values_list("number", flat=True)) == ["MINE"]
    event = AccessEvent.objects.get(action="create")
    assert (event.user, event.role) == (coordinator, "coordinator")
    assert ResponseRevision.objects.get().changed_by == coordinator


def test_a_police_officer_may_not_import(persona) -> None:  # type: ignore[no-untyped-def]
    report = run_import(csv_bytes([a_row()]), persona("police_officer"))
    assert errors_of(report) == [(2, "programme")]


# --- queries per batch do not grow with rows ------------------------------------------------


def test_import_queries_do_not_grow_with_rows(
    reference: None, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def rows(count: int, prefix: str) -> bytes:
        return csv_bytes(
            a_row(incident_number=f"{prefix}{n}", person_key=f"K{n % 50}") for n in range(count)
        )

    # A fixed number per batch: SQLite's 999-parameter limit splits the widest inserts into
    # statements of about fifty rows, still far from one query per row. The follow-up app
    # opening the batch's trajectories adds a fixed handful; on SQLite the monitor app sets
    # its fact triggers aside for the batch and puts them back (a statement each way per
    # trigger, one to find them and one for the batch's marks).
    limit = 55 + (2 * len(triggers.names()) + 2 if connection.vendor == "sqlite" else 0)
    with django_assert_max_num_queries(limit):
        assert run_import(rows(300, "A")).created == 300
    with django_assert_max_num_queries(limit):
        assert run_import(rows(20, "B")).created == 20
    changed = csv_bytes(
        a_row(incident_number=f"A{n}", person_key=f"K{n % 50}", notes="anders") for n in range(300)
    )
    with django_assert_max_num_queries(limit):
        assert run_import(changed).updated == 300


# --- arbitrary input never crashes the import ----------------------------------------------


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.fixed_dictionaries({column: st.text(max_size=12) for column in COLUMNS}), max_size=4
    )
)
def test_arbitrary_cells_never_crash_the_import(
    reference: None, rows: list[dict[str, str]]
) -> None:
    report = run_import(csv_bytes(rows), dry_run=True)
    assert report.exit_code in (0, 1, 2)
    counted = report.created + report.updated + report.unchanged + report.rejected
    assert report.unusable or counted == len(rows)  # every row accounted for, none dropped


def test_other_areas_of_the_programme_are_fine(hotspot: Programme) -> None:
    Area.objects.create(
        programme=hotspot,
        slug="oost",
        name="Oost",
        municipality=Municipality.objects.get(cbs_code="GM0014"),
    )
    assert run_import(csv_bytes([a_row(area="oost")])).created == 1


def test_a_merged_away_display_key_links_to_the_survivor(reference: None, persona) -> None:  # type: ignore[no-untyped-def]
    from grip.people.linking import merge
    from grip.people.models import MatchSuggestion

    hotspot = Programme.objects.get(slug="groninger-hotspot")
    survivor, absorbed = PersonFactory(programmes=[hotspot]), PersonFactory(programmes=[hotspot])
    suggestion = MatchSuggestion.objects.create(
        person_a=survivor,
        person_b=absorbed,
        reason=MatchSuggestion._meta.get_field("reason").choices[0][0],
    )
    merge(persona("coordinator"), suggestion, survivor=survivor, reason="Dubbel.")
    result = run_import(csv_bytes([a_row(incident_number="M1", person_key=absorbed.display_key)]))
    assert result.created == 1
    assert Incident.objects.get(number="M1").person == survivor


def test_the_collector_thresholds_are_put_back(reference: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    assert run_import(csv_bytes([a_row()])).created == 1
    assert gc.get_threshold() == before

    def fail(_writes: object) -> None:
        raise RuntimeError("halfway through the batch")

    monkeypatch.setattr(writes, "_save_code_lists", fail)
    with pytest.raises(RuntimeError):
        run_import(csv_bytes([a_row(incident_number="T-0002")]))
    assert gc.get_threshold() == before
