"""The import under hostile files: built by hypothesis from valid rows with hostile or
arbitrary cells, and raw garbage. Never an exception, every row accounted for, a rejected row
writes nothing of itself while the good rows are kept, and what is stored stays inert: escaped
on the screen, neutralised in the export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from grip.intake.models import Incident
from grip.triage.exchange import COLUMNS, csv_lines
from grip.triage.exchange.columns import FORMULA_TRIGGERS
from grip.triage.models import Response, ResponseRevision
from tests.security.hostile import HOSTILE, IMG, SCRIPT, assert_inert
from tests.triage.test_exchange_helpers import a_row, csv_bytes, delete_case_data, run_import

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a 1 MB cell makes shrinking slow
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# Cells a row may carry instead of its valid value.
CELL = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))
ROW_CHANGES = st.dictionaries(st.sampled_from(COLUMNS), CELL, max_size=3)


@SETTINGS
@given(changes=st.lists(ROW_CHANGES, min_size=1, max_size=6))
def test_hostile_cells_reject_their_row_and_keep_the_others(
    reference: None, changes: list[dict[str, str]]
) -> None:
    # Each example on the same database: its writes are rolled back at its end.
    with transaction.atomic():
        _import_and_check(changes)
        transaction.set_rollback(True)


def _import_and_check(changes: list[dict[str, str]]) -> None:
    numbers = [f"H-{index}" for index in range(len(changes))]
    rows = []
    for number, change in zip(numbers, changes, strict=True):
        row = {**a_row(person_key=""), **change}
        # Each row its own incident number (its key, a hostile one appended), so each row's
        # fate can be checked on its own.
        row["incident_number"] = number + change.get("incident_number", "")
        rows.append(row)
    before = Incident.objects.count()
    data = csv_bytes(rows)
    report = run_import(data)
    if report.unusable:
        # Only a cell beyond the CSV reader's field limit (128 KiB; the 1 MB value) makes the
        # file as a whole unusable: refused before anything is written.
        assert "een veld is langer dan" in report.unusable
        assert Incident.objects.count() == before
        return
    assert report.exit_code in (0, 1)
    assert report.created + report.rejected == len(rows)  # every row accounted for
    rejected_lines = {error.line for error in report.errors}
    assert len(rejected_lines) == report.rejected
    for line, row in zip(_record_lines(data), rows, strict=True):
        number = row["incident_number"].strip()
        if "\x00" in number:
            # Refused by the import; PostgreSQL cannot even compare text with a NUL byte.
            assert line in rejected_lines, f"line {line} has a NUL byte but was not rejected"
            continue
        stored = Incident.objects.filter(number=number)
        if line in rejected_lines:
            assert not stored.exists(), f"line {line} was rejected but written"
        else:
            incident = stored.get()
            response = Response.objects.get(incident=incident)
            assert ResponseRevision.objects.filter(response=response).count() == 1
    assert Incident.objects.count() == before + report.created


def _record_lines(data: bytes) -> list[int]:
    """The physical line each data record starts on, as the import counts them (a quoted
    cell with a line break in it makes its record span several lines)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader)  # the header
    lines = []
    while True:
        line = reader.line_num + 1
        if next(reader, None) is None:
            return lines
        lines.append(line)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_garbage_bytes_never_crash_the_import(reference: None, data: bytes) -> None:
    before = Incident.objects.count()
    report = run_import(data)
    assert report.exit_code in (0, 1, 2)
    if report.unusable:
        assert Incident.objects.count() == before  # an unusable file writes nothing


@SETTINGS
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=len(COLUMNS), unique=True),
    cells=st.lists(st.lists(CELL, max_size=len(COLUMNS) + 2), max_size=4),
)
def test_any_header_and_ragged_rows_never_crash_the_import(
    reference: None, header: list[str], cells: list[list[str]]
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(cells)
    report = run_import(out.getvalue().encode("utf-8", errors="surrogatepass"), dry_run=True)
    assert report.exit_code in (0, 1, 2)
    counted = report.created + report.updated + report.unchanged + report.rejected
    assert report.unusable or counted == len([row for row in cells if row])


def test_hostile_text_is_stored_as_written_and_shown_inert(
    hotspot: Any, client_for: Callable[[str], Any]
) -> None:
    notes = f"{SCRIPT} {IMG} '; DROP TABLE intake_incident; -- \u202egnp.exe"
    report = run_import(csv_bytes([a_row(notes=notes, person_key=SCRIPT[:20])]))
    assert report.exit_code == 0, report.errors
    response = Response.objects.get(incident__number="T-0001")
    assert response.notes == notes  # stored exactly as written, not "cleaned"
    page = client_for("triage_nurse").get(reverse("triage:response_detail", args=[response.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert_inert(html)
    assert "&lt;script&gt;alert(" in html  # shown, escaped


@pytest.mark.parametrize("formula", ['=HYPERLINK("x")', "+1+2", "-3+4", "@SUM(A1)", "\t=1"])
def test_formula_cells_come_back_neutralised_and_round_trip(hotspot: Any, formula: str) -> None:
    report = run_import(csv_bytes([a_row(notes=formula)]))
    assert report.exit_code == 0, report.errors
    exported = "".join(csv_lines(hotspot))
    cells = next(
        row for row in csv.DictReader(io.StringIO(exported)) if row["incident_number"] == "T-0001"
    )
    assert cells["notes"][:1] not in FORMULA_TRIGGERS  # a spreadsheet reads no formula
    assert cells["notes"] == "'" + formula
    delete_case_data()
    again = run_import(exported.encode())
    assert again.exit_code == 0, again.errors
    assert Response.objects.get(incident__number="T-0001").notes == formula
