"""The COMMIT of one batch running while the next is parsed (PostgreSQL, outside a
transaction) gives the import that committing each batch in turn gives."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection

from grip.triage.exchange import batch as batch_module
from grip.triage.exchange import import_situations
from grip.triage.exchange.batch import PipelinedBatches
from grip.triage.models import Response
from tests.triage.test_exchange_helpers import a_row, case_counts, csv_bytes, delete_case_data

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import write  # bench/ is not a package

# Outside a transaction: a test transaction around the import would switch the pipeline off.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in connection.settings_dict["ENGINE"],
        reason="the COMMIT runs ahead on PostgreSQL only",
    ),
]


def _file(rows: int) -> bytes:
    out = io.StringIO(newline="")
    write(out, rows)
    bad = [a_row(incident_number="BAD-1", ave_level="7"), a_row(incident_number="", notes="x")]
    return out.getvalue().encode() + csv_bytes(bad).split(b"\r\n", 1)[1]


def _written() -> list[tuple[object, ...]]:
    return list(
        Response.objects.order_by("incident__number").values_list(
            "incident__number", "incident__person__source_keys__key", "ave_on_arrival", "version"
        )
    )


def _import(data: bytes, **options: Any) -> tuple[object, ...]:
    report = import_situations(io.BytesIO(data), batch_size=300, **options)
    assert connection.get_autocommit()  # back as it was
    return (report.created, report.updated, report.unchanged, report.rejected, report.errors)


def test_the_pipeline_gives_the_same_import(reference: None) -> None:
    data = _file(1000)
    assert PipelinedBatches.possible()
    one_by_one = _import(data, pipeline_commits=False)
    written, counts = _written(), case_counts()
    delete_case_data()
    assert _import(data) == one_by_one
    assert _written() == written
    counts_pipelined = case_counts()
    assert counts_pipelined.pop("access_events") == 2 * counts.pop("access_events")
    assert counts_pipelined == counts
    # Again: every row known and unchanged, nothing written.
    assert _import(data)[:4] == (0, 0, 1000, 2)


def test_a_refused_commit_runs_the_batch_again(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _file(700)
    refused = []
    real = PipelinedBatches._commit

    def refuse_once(self: PipelinedBatches) -> None:
        if refused:
            real(self)
            return
        refused.append(True)  # as a deferred foreign key a concurrent writer broke would
        self.connection.connection.rollback()
        self.commit_error = IntegrityError("refused at COMMIT")

    monkeypatch.setattr(PipelinedBatches, "_commit", refuse_once)
    assert _import(data)[:4] == (700, 0, 0, 2)
    assert refused
    assert case_counts()["responses"] == 700


def test_an_error_leaves_earlier_batches_written_and_autocommit_on(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch_module._write
    calls = []

    def fail_second(rows: list[Any], context: Any) -> Any:
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("stop")
        return real(rows, context)

    monkeypatch.setattr(batch_module, "_write", fail_second)
    with pytest.raises(RuntimeError, match="stop"):
        import_situations(io.BytesIO(_file(700)), batch_size=300)
    assert connection.get_autocommit()
    assert case_counts()["responses"] == 300  # the first batch, committed
