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


def _file(rows: int, again: range = range(0)) -> bytes:
    """``rows`` generated rows (person keys recur across batches), two bad ones, then the
    generated rows numbered ``again`` once more (with 300 a batch, a key of the batch before)."""
    out = io.StringIO(newline="")
    write(out, rows)
    lines = out.getvalue().splitlines(keepends=True)
    bad = [a_row(incident_number="BAD-1", ave_level="7"), a_row(incident_number="", notes="x")]
    repeated = "".join(lines[number] for number in again)
    return out.getvalue().encode() + csv_bytes(bad).split(b"\r\n", 1)[1] + repeated.encode()


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
    data = _file(1000, again=range(650, 660))
    assert PipelinedBatches.possible()
    one_by_one = _import(data, pipeline_commits=False)
    written, counts = _written(), case_counts()
    delete_case_data()
    assert _import(data) == one_by_one
    assert _written() == written
    counts_pipelined = case_counts()
    assert counts_pipelined.pop("access_events") == 2 * counts.pop("access_events")
    assert counts_pipelined == counts
    assert one_by_one[:4] == (1000, 0, 10, 2)
    # Again: every row known and unchanged, nothing written.
    assert _import(data)[:4] == (0, 0, 1010, 2)


def test_a_refused_commit_runs_the_batch_again(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _file(700)
    refused = []
    real = PipelinedBatches._commit

    def refuse_once(flight: Any, before: Any) -> None:
        if refused:
            real(flight, before)
            return
        refused.append(True)  # as a deferred foreign key a concurrent writer broke would
        if before is not None:
            before.thread.join()
        flight.wrapper.connection.rollback()
        flight.error = IntegrityError("refused at COMMIT")

    monkeypatch.setattr(PipelinedBatches, "_commit", staticmethod(refuse_once))
    assert _import(data)[:4] == (700, 0, 0, 2)
    assert refused
    counts = case_counts()
    delete_case_data()
    monkeypatch.undo()
    assert _import(data, pipeline_commits=False)[:4] == (700, 0, 0, 2)
    # The batch after the refused one (it had taken over its persons) ran again too: no
    # person twice, nothing missing.
    assert counts.pop("access_events") == case_counts().pop("access_events") - 700
    assert counts == {key: value for key, value in case_counts().items() if key != "access_events"}


def test_an_error_leaves_earlier_batches_written_and_autocommit_on(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch_module._write
    calls = []

    def fail_second(rows: list[Any], *args: Any) -> Any:
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("stop")
        return real(rows, *args)

    monkeypatch.setattr(batch_module, "_write", fail_second)
    with pytest.raises(RuntimeError, match="stop"):
        import_situations(io.BytesIO(_file(700)), batch_size=300)
    assert connection.get_autocommit()
    assert case_counts()["responses"] == 300  # the first batch, committed
