"""Parsing in a worker process (the command line, large files) gives the import that parsing
in the importing process gives: the same report, the same rows written."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from grip.intake.models import Incident
from grip.triage.exchange import import_situations
from grip.triage.models import Response, ResponseRevision
from tests.triage.test_exchange_helpers import a_row, case_counts, csv_bytes, delete_case_data

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import write  # bench/ is not a package

pytestmark = pytest.mark.django_db


def _file(rows: int) -> bytes:
    out = io.StringIO(newline="")
    write(out, rows)
    bad = [a_row(incident_number="BAD-1", ave_level="7"), a_row(incident_number="", notes="x")]
    return out.getvalue().encode() + csv_bytes(bad).split(b"\r\n", 1)[1]


def _written() -> list[tuple[object, ...]]:
    return list(
        Response.objects.order_by("incident__number").values_list(
            "incident__number",
            "incident__person__source_keys__key",
            "ave_on_arrival",
            "notes",
            "version",
        )
    )


def test_the_worker_gives_the_same_import(reference: None) -> None:
    data = _file(1200)  # more than one batch and more than one chunk
    here = import_situations(io.BytesIO(data), batch_size=500)
    written_here, counts_here = _written(), case_counts()
    delete_case_data()
    there = import_situations(io.BytesIO(data), batch_size=500, parse_in_worker=True)
    assert (there.created, there.rejected, there.errors) == (
        here.created,
        here.rejected,
        here.errors,
    )
    assert (here.created, here.rejected) == (1200, 2)
    assert _written() == written_here
    counts_there = case_counts()
    # The access log keeps the first import's rows too; every other table matches.
    assert counts_there.pop("access_events") == 2 * counts_here.pop("access_events")
    assert counts_there == counts_here


def test_the_worker_updates_as_the_importing_process_does(reference: None) -> None:
    first = csv_bytes([a_row()])
    assert import_situations(io.BytesIO(first), parse_in_worker=True).created == 1
    again = import_situations(io.BytesIO(csv_bytes([a_row(notes="anders")])), parse_in_worker=True)
    assert (again.created, again.updated) == (0, 1)
    assert ResponseRevision.objects.count() == 2


def test_the_command_parses_a_large_file_in_a_worker(
    reference: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grip.triage.management.commands import import_situations as command

    monkeypatch.setattr(command, "PARSE_IN_WORKER_FROM_BYTES", 1)
    monkeypatch.setattr(command, "cpu_to_spare", lambda: True)
    used = []
    real = command.import_situations
    monkeypatch.setattr(
        command, "import_situations", lambda *a, **k: used.append(k) or real(*a, **k)
    )
    path = tmp_path / "situaties.csv"
    path.write_bytes(csv_bytes([a_row()]))
    call_command("import_situations", str(path), stdout=io.StringIO())
    assert Incident.objects.filter(number="T-0001").exists()
    assert used[0]["parse_in_worker"] is True
