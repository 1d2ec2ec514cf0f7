"""``manage.py import_situations FILE [--dry-run]``: exchange format v1 in.

Exit codes (DOMAIN.md, "Command line"): 0 every row was taken, 1 some rows were rejected (the
good rows are kept), 2 the file itself is unusable and nothing was written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from grip.triage.exchange import EXIT_UNUSABLE, ImportReport, import_situations
from grip.triage.exchange.columns import WHOLE_ROW

BAR_WIDTH = 30
# From this size on the rows are parsed in a second process while this one writes; below it
# starting that process costs more than it saves.
PARSE_IN_WORKER_FROM_BYTES = 1024 * 1024


class Command(BaseCommand):
    # No system checks first: they load every URL pattern and template tag (a third of a
    # second and 40 MB before the first row); ``migrate`` and the server run them.
    requires_system_checks: list[str] = []
    help = "Leest situaties in (uitwisselformaat v1, CSV); dezelfde regel opnieuw werkt bij."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="het CSV-bestand")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alles controleren en tellen, niets opslaan (zelfde verslag en exitcode)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            binary = path.open("rb")
        except OSError as exc:
            raise CommandError(
                f"Kan {path} niet openen: {exc.strerror}", returncode=EXIT_UNUSABLE
            ) from exc
        # The bar only on a terminal: a log file or a pipe gets the report and nothing else.
        progress = ProgressBar(self.stderr) if self.stderr.isatty() else None
        with binary:
            report = import_situations(
                binary,
                file_name=path.name,
                dry_run=options["dry_run"],
                progress=progress,
                parse_in_worker=_size(path) >= PARSE_IN_WORKER_FROM_BYTES and cpu_to_spare(),
            )
        if progress is not None:
            progress.finish()
        if report.unusable:
            raise CommandError(
                f"Bestand niet te gebruiken, niets opgeslagen: {report.unusable}",
                returncode=EXIT_UNUSABLE,
            )
        for line in report_lines(report):
            self.stdout.write(line)
        if report.exit_code:
            raise CommandError(
                f"{report.rejected} regel(s) afgewezen; de goede regels zijn "
                + ("gecontroleerd (proefimport)." if report.dry_run else "opgeslagen."),
                returncode=report.exit_code,
            )


def cpu_to_spare() -> bool:
    """Whether a CPU is free for the parsing process: one beyond the three the import keeps
    busy itself (this process and, on PostgreSQL, the backends of its two connections).

    Measured on two CPUs (ADR 0060, 2026-12-07): unpickling the worker's rows costs the
    importing process a fifth of parsing them, but the worker competing with the import and
    its backends for the CPUs made a national file about 4 s slower; with CPUs to spare it
    costs nothing. The result is the same either way."""
    cpus = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform
        load = 0.0
    return cpus - load >= 4


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def report_lines(report: ImportReport) -> list[str]:
    prefix = "Proefimport, niets opgeslagen. " if report.dry_run else ""
    lines = [
        f"{prefix}Nieuw: {report.created}, bijgewerkt: {report.updated}, "
        f"ongewijzigd: {report.unchanged}, afgewezen: {report.rejected}."
    ]
    for error in report.errors:
        column = "hele regel" if error.column == WHOLE_ROW else error.column
        lines.append(f"regel {error.line}, kolom {column}: {error.reason}")
    return lines


class ProgressBar:
    """``[#####-----]  50%`` on one terminal line, by bytes read of the file."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        bar = f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {percent:3d}%"
        self.out.write(bar, style_func=_plain, ending="")  # not in the error colour
        self.out.flush()

    def finish(self) -> None:
        self.out.write("", style_func=_plain)


def _plain(text: str) -> str:
    return text
