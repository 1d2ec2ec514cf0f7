"""Import a signals file: check it whole, then stream it through in batches.

``import_signals_file`` is what the command line and the upload screen call (one function,
so that it can be made a background task). The file is first read once to prove it usable
(nothing is written when it is not: exit code 2); then rows are parsed one by one and written
in batches, each batch its own transaction, so a bad row never stops the good ones and
memory does not grow with the file. The file rules, the reader, the cell parsers and the
report are the situations format's (``grip.triage.exchange``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from grip.signalling.exchange.columns import (
    VOCABULARIES,
    importable_programme_ids,
    parse_signals_header,
)
from grip.signalling.exchange.rows import SignalRow, SignalRowParser
from grip.signalling.exchange.writes import ImportContext, write_batch
from grip.triage.exchange.columns import UnusableFile
from grip.triage.exchange.importer import ImportReport
from grip.triage.exchange.reader import Progress, check_usable, read_records
from grip.triage.exchange.reference import load_reference

# Rows per batch (one transaction each): small enough that a batch's locks are short.
BATCH_SIZE = 500


def import_signals_file(
    path_or_stream: str | os.PathLike[str] | IO[bytes],
    actor: Any = None,
    dry_run: bool = False,
    *,
    file_name: str = "",
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import a signals file as ``actor`` (None: the system, every programme).

    ``path_or_stream`` is a path or a binary, seekable stream (read twice, never whole).
    With ``dry_run`` everything runs inside a transaction that is rolled back at the end:
    the report is the one a real import would give, and nothing stays written."""
    if isinstance(path_or_stream, (str, os.PathLike)):
        path = Path(path_or_stream)
        with path.open("rb") as file:
            return _import(file, actor, dry_run, file_name or path.name, progress, batch_size)
    name = file_name or os.path.basename(str(getattr(path_or_stream, "name", "")))
    return _import(path_or_stream, actor, dry_run, name, progress, batch_size)


def _import(
    file: IO[bytes],
    actor: Any,
    dry_run: bool,
    name: str,
    progress: Progress | None,
    batch_size: int,
) -> ImportReport:
    report = ImportReport(file_name=name, dry_run=dry_run)
    try:
        header = check_usable(file, parse_signals_header)
    except UnusableFile as exc:
        report.unusable = exc.reason
        return report
    reference = load_reference(
        actor, vocabularies=VOCABULARIES, importable=importable_programme_ids
    )
    context = ImportContext(reference, actor, purpose=f"import_signals {name}".strip())
    parser = SignalRowParser(header, reference)
    with _undone_when(dry_run):
        batch: list[SignalRow] = []
        keys: set[tuple[int, int, str]] = set()
        for record in read_records(file, progress, parse_signals_header):
            row, errors = parser.parse(record.line, record.fields)
            if row is None:
                report.reject(errors)
                continue
            # A key seen earlier in this batch: write the batch first, so that the later
            # row updates the earlier one, as it would in a later file.
            if row.key in keys or len(batch) >= batch_size:
                report.add(write_batch(batch, context))
                batch, keys = [], set()
            batch.append(row)
            keys.add(row.key)
        if batch:
            report.add(write_batch(batch, context))
    report.errors.sort(key=lambda error: error.line)  # stable: a row's errors keep their order
    return report


@contextmanager
def _undone_when(dry_run: bool) -> Iterator[None]:
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
