"""The research export: pseudonymised, re-keyed per export, documented, logged (ADR 0020)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from io import StringIO
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.followup import actions as followup
from grip.followup.models import Trajectory
from grip.monitor.research.dictionary import RESPONSE_COLUMNS, TABLES, TRAJECTORY_COLUMNS
from grip.monitor.research.package import export
from grip.monitor.research.rows import generalise
from grip.network.models import Organisation, Programme
from grip.people.identity.actions import set_identity
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.personas import PERSONA_NAMES
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
REPORTED = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
NOTE = "Zorgnotitie: synthetisch en uniek 7431."
DESCRIPTION = "Synthetische omschrijving 9182."
NAME, BSN = "Fictief Testpersoon", "111222333"


def minutes(n: int, seconds: int = 0) -> dt.datetime:
    return REPORTED + dt.timedelta(minutes=n, seconds=seconds)


@pytest.fixture
def march(persona, hotspot):  # type: ignore[no-untyped-def]
    """Three responses in March (two of one person, one with a trajectory), one in April and
    one in another programme."""
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    same = PersonFactory(programmes=[hotspot])
    set_identity(nurse, same, name=NAME, date_of_birth=dt.date(1980, 5, 17), bsn=BSN, address="")
    first = a_response(
        nurse,
        IncidentFactory(
            number="RES-0001", person=same, reported_at=REPORTED, description=DESCRIPTION
        ),
        arrived_at=minutes(12, 30),
        police_departed_at=minutes(40),
        departed_at=minutes(75, 59),
        police_officers=2,
        risks=[term("risk", "weapon"), term("risk", "verbal_aggression")],
        follow_up_needed=True,
        notes=NOTE,
    )
    a_response(
        nurse,
        IncidentFactory(number="RES-0002", person=same, reported_at=REPORTED),
        arrived_at=minutes(5),
        departed_at=minutes(35),
        police_officers=None,
        notes=NOTE,
    )
    a_response(
        nurse,
        IncidentFactory(number="RES-0003", person=None, reported_at=REPORTED),
        arrived_at=None,
        departed_at=None,
        ave_on_arrival=None,
        safety_person=None,
        outcome=None,
    )
    a_response(
        nurse,
        IncidentFactory(number="RES-APRIL", reported_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC)),
    )
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    a_response(
        persona("outsider"),
        IncidentFactory(
            number="RES-ELSE",
            programme=wijk_ggd,
            municipality=wijk_ggd.municipalities.first(),
            reported_at=REPORTED,
        ),
    )
    trajectory = Trajectory.objects.get(response=first)
    followup.set_direction(
        coordinator, trajectory, followup.DirectionKind.CASE,
        Organisation.objects.get(slug="wij-groningen"), None, "Start",
    )  # fmt: skip
    followup.add_contact(
        coordinator, trajectory, at=minutes(12, 30) + dt.timedelta(days=2, minutes=5),
        kind=term("contact_kind", "consultation"), with_whom="partner",
        partner=Organisation.objects.get(slug="lentis"), with_peer_expert=True,
        activities=[], result="Resultaat synthetisch 5531.", by_organisation=None,
    )  # fmt: skip
    return {"person": same, "first": first, "trajectory": trajectory}


def make(programme: Programme, period: tuple[dt.date, dt.date] = MARCH, **options: Any) -> dict:
    """Export into memory; the zip's files by name (tables read back as lists of dicts)."""
    buffer = io.BytesIO()
    export(None, programme, *period, buffer, **options)
    files: dict[str, Any] = {}
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            files[name] = archive.read(name)
    for table in TABLES:
        files[f"{table}_rows"] = list(csv.DictReader(StringIO(files[f"{table}.csv"].decode())))
        files[f"{table}_arrow"] = pq.read_table(io.BytesIO(files[f"{table}.parquet"]))
    files["dictionary"] = json.loads(files["dictionary.json"])
    return files


def test_zip_holds_both_tables_twice_and_the_dictionary(march, hotspot) -> None:
    files = make(hotspot)
    assert {"responses.csv", "responses.parquet", "trajectories.csv", "trajectories.parquet",
            "dictionary.json", "LEESMIJ.md"} <= set(files)  # fmt: skip
    assert len(files["responses_rows"]) == 3
    assert len(files["trajectories_rows"]) == 1
    for table, columns in (("responses", RESPONSE_COLUMNS), ("trajectories", TRAJECTORY_COLUMNS)):
        names = [col.name for col in columns]
        assert list(files[f"{table}_rows"][0]) == names
        arrow = files[f"{table}_arrow"]
        assert arrow.column_names == names
        assert arrow.num_rows == len(files[f"{table}_rows"])
    # Parquet is typed: numbers as integers, flags as booleans.
    arrow = files["responses_arrow"]
    assert str(arrow.schema.field("police_minutes").type) == "int32"
    assert str(arrow.schema.field("has_trajectory").type) == "bool"
    assert arrow.schema.field("police_minutes").metadata[b"description"]


def test_dictionary_describes_every_column_with_codes_and_version(march, hotspot) -> None:
    dictionary = make(hotspot)["dictionary"]
    assert dictionary["definitions"] == "v1"
    facts = dictionary["export"]
    assert facts["programme"] == "groninger-hotspot"
    assert (facts["from"], facts["to"]) == ("2026-03-01", "2026-03-31")
    assert facts["rows"] == {"responses": 3, "trajectories": 1}
    for table in dictionary["tables"].values():
        for column in table["columns"]:
            assert column["type"] in {"string", "integer", "boolean"}
            assert column["description"]
    columns = {c["name"]: c for c in dictionary["tables"]["responses"]["columns"]}
    risks = columns["risks"]
    assert risks["separator"] == "|"
    assert {"code": "weapon", "label": "wapen of gevaarlijk voorwerp"} in risks["codes"]
    assert [c["code"] for c in columns["safety_person"]["codes"]] == [
        "none", "limited", "reasonable", "full",
    ]  # fmt: skip
    assert [c["code"] for c in columns["generalisation"]["codes"]] == ["0", "1", "2", "3"]


def test_values_follow_the_definitions(march, hotspot) -> None:
    files = make(hotspot, threshold=1)
    by_person: dict[str, list[dict[str, str]]] = {}
    for row in files["responses_rows"]:
        by_person.setdefault(row["person_key"], []).append(row)
    # Two responses of one person share a key; the unknown person has none.
    assert sorted(len(rows) for rows in by_person.values()) == [1, 2]
    assert len(by_person[""]) == 1
    first = next(row for row in files["responses_rows"] if row["has_trajectory"] == "true")
    assert first["incident_code"] == "E33"
    assert first["municipality"] == "GM0014"
    assert first["reported_month"] == "2026-03"
    assert first["reported_quarter"] == "2026-Q1"
    assert first["generalisation"] == "0"
    assert first["minutes_to_arrival"] == "12"  # 12:30 → 12 whole minutes
    assert first["on_site_minutes"] == "63"  # 12:30 → 75:59
    assert first["police_minutes"] == "54"  # 2 × (40:00 − 12:30 → 27)
    assert first["risks"] == "verbal_aggression|weapon"  # vocabulary order
    assert first["follow_up_needed"] == "true"
    unknown = by_person[""][0]
    assert unknown["ave_on_arrival"] == ""
    assert unknown["on_site_minutes"] == ""
    assert unknown["police_minutes"] == ""
    assert unknown["outcome"] == ""
    trajectory = files["trajectories_rows"][0]
    assert trajectory["response_key"] == first["response_key"]
    assert trajectory["person_key"] == first["person_key"]
    assert trajectory["case_organisation_kind"] == "social_team"
    assert trajectory["status"] == "open"
    assert trajectory["minutes_to_first_care_contact"] == str(2 * 1440 + 5)
    assert (trajectory["contacts"], trajectory["contacts_with_peer_expert"]) == ("1", "1")
    assert trajectory["opened_quarter"]


def test_nothing_identifying_and_no_free_text(march, hotspot) -> None:
    files = make(hotspot)
    person = march["person"]
    text = "\n".join(
        [
            files["responses.csv"].decode(),
            files["trajectories.csv"].decode(),
            files["dictionary.json"].decode(),
            files["LEESMIJ.md"].decode(),
            json.dumps(files["responses_arrow"].to_pylist(), default=str),
            json.dumps(files["trajectories_arrow"].to_pylist(), default=str),
        ]
    )
    for secret in (person.display_key, NAME, BSN, "1980-05-17", "RES-0001", NOTE, DESCRIPTION,
                   "Resultaat synthetisch 5531", "Start"):  # fmt: skip
        assert secret not in text
    forbidden = {"name", "bsn", "date_of_birth", "address", "notes", "description", "number",
                 "display_key", "id", "incident_number", "reported_at", "result"}  # fmt: skip
    for columns in (RESPONSE_COLUMNS, TRAJECTORY_COLUMNS):
        assert not forbidden & {col.name for col in columns}
    # No database id either: keys are 20 hex digits, never the row's number.
    for row in files["responses_rows"]:
        assert len(row["response_key"]) == 20
        assert row["response_key"] != str(march["first"].pk)


def test_keys_are_new_in_every_export(march, hotspot) -> None:
    one, two = make(hotspot), make(hotspot)
    for table, key_columns in (
        ("responses", ("response_key", "person_key")),
        ("trajectories", ("trajectory_key", "response_key", "person_key")),
    ):
        for column in key_columns:
            first = {row[column] for row in one[f"{table}_rows"]} - {""}
            second = {row[column] for row in two[f"{table}_rows"]} - {""}
            assert first
            assert second
            assert first.isdisjoint(second), column


def test_row_order_reveals_no_date(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    for day in range(1, 29):
        a_response(nurse, IncidentFactory(reported_at=dt.datetime(2026, 2, day, 12, tzinfo=dt.UTC)))
    rows = make(hotspot, (dt.date(2026, 2, 1), dt.date(2026, 2, 28)))["responses_rows"]
    keys = [row["response_key"] for row in rows]
    assert keys == sorted(keys)  # ordered by the random key within the quarter


def test_half_past_midnight_on_new_years_day_is_the_new_year(persona, hotspot) -> None:
    # 00:30 local on 1 January 2026 is 23:30 UTC on 31 December 2025.
    moment = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    a_response(persona("triage_nurse"), IncidentFactory(reported_at=moment), arrived_at=None,
               departed_at=None)  # fmt: skip
    january = make(hotspot, (dt.date(2026, 1, 1), dt.date(2026, 1, 31)), threshold=1)
    assert [(r["reported_month"], r["reported_quarter"]) for r in january["responses_rows"]] == [
        ("2026-01", "2026-Q1")
    ]
    assert make(hotspot, (dt.date(2025, 12, 1), dt.date(2025, 12, 31)))["responses_rows"] == []


def test_rare_combinations_are_generalised_step_by_step() -> None:
    def row(municipality: str, month: str, code: str) -> dict[str, Any]:
        quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
        return {"municipality": municipality, "reported_month": month,
                "reported_quarter": quarter, "incident_code": code}  # fmt: skip

    rows = (
        [row("GM0014", "2026-03", "E33") for _ in range(3)]  # common: kept
        + [row("GM0037", "2026-03", "E33")]  # rare place, common month × code
        + [row("GM0014", "2026-02", "E14")]  # rare month × code, common quarter × code…
        + [row("GM0014", "2026-01", "E14") for _ in range(2)]
        + [row("GM0765", "2026-01", "I28")]  # rare all the way
    )
    generalise(rows, threshold=3)
    levels = [r["generalisation"] for r in rows]
    assert levels == [0, 0, 0, 1, 2, 2, 2, 3]
    assert rows[3]["municipality"] is None
    assert rows[3]["reported_month"] == "2026-03"
    assert rows[4]["reported_month"] is None
    assert rows[4]["incident_code"] == "E14"
    assert rows[7] == {"municipality": None, "reported_month": None, "reported_quarter": "2026-Q1",
                       "incident_code": None, "generalisation": 3}  # fmt: skip


def test_export_writes_one_access_log_row(march, hotspot, persona) -> None:
    analyst = persona("analyst")
    export(analyst, hotspot, *MARCH, io.BytesIO())
    event = AccessEvent.objects.get(action=AccessEventAction.EXPORT)
    assert event.user == analyst
    assert event.programme == "groninger-hotspot"
    assert event.purpose == "research_export groninger-hotspot 2026-03-01..2026-03-31"


def test_export_costs_a_fixed_number_of_queries(
    march, hotspot, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        export(None, hotspot, *MARCH, io.BytesIO())


# --- the screen ------------------------------------------------------------------------------

URL = "/monitor/onderzoek/"
DOWNLOAD = {"programme": "groninger-hotspot", "date_from": "2026-03-01", "date_to": "2026-03-31"}
# Who may export statistics of the Hotspot: the analyst and the coordinator. The outsider is a
# coordinator elsewhere (sees the form for their own programme, never the Hotspot).
FORM_STATUS = {"analyst": 200, "coordinator": 200, "outsider": 200}
DOWNLOAD_STATUS = {"analyst": 200, "coordinator": 200, "outsider": 404, "administrator": 404}


def test_url_is_the_one_mounted() -> None:
    assert reverse("research:export") == URL


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_form_per_persona(client_for, name) -> None:
    response = client_for(name).get(URL)
    assert response.status_code == FORM_STATUS.get(name, 403)
    if response.status_code == 200:
        assert "Onderzoeksexport" in response.content.decode()
        assert "<script" not in response.content.decode().split("<main", 1)[-1]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_download_per_persona(march, client_for, name) -> None:
    response = client_for(name).get(URL, DOWNLOAD)
    assert response.status_code == DOWNLOAD_STATUS.get(name, 403)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/zip"
        assert (
            "onderzoek-groninger-hotspot-2026-03-01-2026-03-31.zip"
            in response["Content-Disposition"]
        )
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert "responses.parquet" in archive.namelist()
        assert AccessEvent.objects.filter(action=AccessEventAction.EXPORT).count() == 1
    else:
        assert not AccessEvent.objects.filter(action=AccessEventAction.EXPORT).exists()


def test_anonymous_goes_to_login(client) -> None:
    response = client.get(URL, DOWNLOAD)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_unknown_programme_is_not_found(client_for) -> None:
    response = client_for("analyst").get(URL, {**DOWNLOAD, "programme": "bestaat-niet"})
    assert response.status_code == 404


def test_bad_period_shows_the_form_again(client_for) -> None:
    client = client_for("analyst")
    response = client.get(URL, {**DOWNLOAD, "date_from": "2026-04-01"})
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    response = client.get(URL, {"programme": "groninger-hotspot", "date_from": "", "date_to": ""})
    assert response.status_code == 400
    assert not AccessEvent.objects.filter(action=AccessEventAction.EXPORT).exists()


# --- the command -----------------------------------------------------------------------------


def test_command_writes_the_zip_and_logs(march, tmp_path) -> None:
    target = tmp_path / "onderzoek.zip"
    out = StringIO()
    call_command(
        "research_export", "--programme", "groninger-hotspot", "--from", "2026-03-01",
        "--to", "2026-03-31", "--output", str(target), stdout=out,
    )  # fmt: skip
    assert "3 inzetten, 1 trajecten" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        assert len(list(csv.DictReader(StringIO(archive.read("responses.csv").decode())))) == 3
    event = AccessEvent.objects.get(action=AccessEventAction.EXPORT)
    assert event.user is None
    assert event.purpose.startswith("research_export groninger-hotspot")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--programme", "bestaat-niet", "--from", "2026-03-01", "--to", "2026-03-31"], "Onbekend"),
        (["--programme", "groninger-hotspot", "--from", "2026-04-01", "--to", "2026-03-31"],
         "na --to"),
        (["--programme", "groninger-hotspot", "--from", "1 maart", "--to", "2026-03-31"],
         "Geen geldige datum"),
    ],
)  # fmt: skip
def test_command_refuses_bad_arguments(reference, tmp_path, arguments, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("research_export", *arguments, "--output", str(tmp_path / "x.zip"))
