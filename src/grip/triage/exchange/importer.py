"""Import a situations file: check it whole, then stream it through in batches.

``import_situations`` is what the command line and the upload screen call. The file is first
read once to prove it usable (nothing is written when it is not: exit code 2); then rows are
parsed one by one and written in batches, each batch its own transaction, so a bad row never
stops the good ones and memory does not grow with the file.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection, transaction

from grip.triage.exchange.batch import (
    BatchResult,
    ImportContext,
    PipelinedBatches,
    write_batch,
)
from grip.triage.exchange.columns import CellError, Header, UnusableFile
from grip.triage.exchange.parallel import parsed_in_worker
from grip.triage.exchange.reader import Progress, check_usable, read_records
from grip.triage.exchange.reference import Reference, load_reference
from grip.triage.exchange.rows import RowParser, SituationRow

# Rows per batch (one transaction each). SQLite takes larger batches: at every commit it copies
# the pages the batch changed from its write-ahead log into the database file, and the same
# index pages change in every batch; 5,000 rather than 2,000 rows a commit made a national
# file about a tenth faster (ADR 0060, 2026-12-07). On PostgreSQL the size made no difference.
BATCH_SIZE = 2000
BATCH_SIZES = {"sqlite": 5000}
# Allocations between two collections of the youngest generation during an import (CPython's
# default is 700). A batch keeps hundreds of thousands of small containers alive until it is
# written; with the default they are traversed again and again as they age, and the
# collector took about 40 % of the importing process's CPU (ADR 0060, 2026-12-07). Cycles are
# still collected, only less often; the old thresholds are put back afterwards.
GC_THRESHOLDS = (50_000, 20, 100)
# SQLite's page cache during an import, in KiB (its default is 2 MiB). Index pages of a
# national file's tables stop fitting in the default; re-reading and re-writing them cost
# about a tenth of the import. Set on the import's connection only, and put back after.
SQLITE_CACHE_KIB = 64 * 1024

EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE = 0, 1, 2


@dataclass
class ImportReport:
    file_name: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows; a row may have several errors
    errors: list[CellError] = field(default_factory=list)
    unusable: str = ""  # why the file as a whole could not be imported

    @property
    def exit_code(self) -> int:
        if self.unusable:
            return EXIT_UNUSABLE
        return EXIT_REJECTED if self.rejected else EXIT_OK

    def add(self, result: BatchResult) -> None:
        self.created += result.created
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.rejected += result.rejected
        self.errors.extend(result.errors)

    def reject(self, errors: list[CellError]) -> None:
        self.rejected += 1
        self.errors.extend(errors)


def import_situations(
    file: IO[bytes],
    user: Any = None,
    *,
    file_name: str = "",
    dry_run: bool = False,
    batch_size: int | None = None,
    progress: Progress | None = None,
    parse_in_worker: bool = False,
    pipeline_commits: bool = True,
) -> ImportReport:
    """Import ``file`` (binary, seekable) as ``user`` (None: the system, every programme).

    With ``dry_run`` everything runs, inside a transaction that is rolled back at the end:
    the report is the one a real import would give, and nothing stays written. With
    ``parse_in_worker`` a forked process parses the rows while this one writes (the command
    line, for large files; the result is the same). On PostgreSQL, outside a transaction,
    each batch's COMMIT runs while the next batch is parsed (``pipeline_commits``; the result
    is the same, see ``PipelinedBatches``). ``batch_size`` rows go in one transaction (by
    default ``BATCH_SIZES`` for the database, else ``BATCH_SIZE``).
    """
    name = file_name or os.path.basename(str(getattr(file, "name", "")))
    batch_size = batch_size or BATCH_SIZES.get(connection.vendor, BATCH_SIZE)
    report = ImportReport(file_name=name, dry_run=dry_run)
    try:
        header = check_usable(file)
    except UnusableFile as exc:
        report.unusable = exc.reason
        return report
    reference = load_reference(user)
    context = ImportContext(reference, user, purpose=f"import_situations {name}".strip())
    if parse_in_worker:
        parsed = parsed_in_worker(file, header, reference, progress)
    else:
        parsed = _parsed_here(file, header, reference, progress)
    with (
        _fewer_collections(),
        _undone_when(dry_run),
        _sqlite_cache(SQLITE_CACHE_KIB),
        _batches(context, report, pipeline_commits) as write,
    ):
        batch: list[SituationRow] = []
        keys: set[tuple[int, str]] = set()
        for row, errors in parsed:
            if row is None:
                report.reject(errors)
                continue
            # A key seen earlier in this batch: write the batch first, so that the later
            # row updates the earlier one, as it would in a later file.
            if row.key in keys or len(batch) >= batch_size:
                write(batch)
                batch, keys = [], set()
            batch.append(row)
            keys.add(row.key)
        if batch:
            write(batch)
    report.errors.sort(key=lambda error: error.line)  # stable: a row's errors keep their order
    return report


def _parsed_here(
    file: IO[bytes], header: Header, reference: Reference, progress: Progress | None
) -> Iterator[tuple[SituationRow | None, list[CellError]]]:
    parser = RowParser(header, reference)
    for record in read_records(file, progress):
        yield parser.parse(record.line, record.fields)


@contextmanager
def _batches(
    context: ImportContext, report: ImportReport, pipelined: bool
) -> Iterator[Callable[[list[SituationRow]], None]]:
    """A function that writes one batch and adds its result to the report: ``write_batch``,
    or ``PipelinedBatches`` where that is possible and asked for."""
    if not (pipelined and PipelinedBatches.possible()):
        yield lambda rows: report.add(write_batch(rows, context))
        return
    batches = PipelinedBatches(context)

    def write(rows: list[SituationRow]) -> None:
        for result in batches.write(rows):
            report.add(result)

    try:
        yield write
    except BaseException:
        batches.close()
        raise
    for result in batches.close():
        report.add(result)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _undone_when(dry_run: bool) -> Iterator[None]:
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def _sqlite_cache(kib: int) -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
