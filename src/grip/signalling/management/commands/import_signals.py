"""``manage.py import_signals FILE [--dry-run]``: the signals CSV (exchange format v1) in.

The same output and exit codes as ``import_situations`` (DOMAIN.md, "Command line"): 0 every
row was taken, 1 some rows were rejected (the good rows are kept), 2 the file itself is
unusable and nothing was written. The command line acts as the system: every programme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.signalling.exchange import import_signals_file
from grip.triage.exchange import EXIT_UNUSABLE
from grip.triage.management.commands.import_situations import ProgressBar, report_lines


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # as import_situations: straight to the rows
    help = "Leest signalen in (uitwisselformaat v1, CSV); dezelfde regel opnieuw werkt bij."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="het CSV-bestand")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alles controleren en tellen, niets opslaan (zelfde verslag en exitcode)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        # The bar only on a terminal: a log file or a pipe gets the report and nothing else.
        progress = ProgressBar(self.stderr) if self.stderr.isatty() else None
        try:
            report = import_signals_file(path, None, dry_run=options["dry_run"], progress=progress)
        except OSError as exc:
            raise CommandError(
                f"Kan {path} niet openen: {exc.strerror}", returncode=EXIT_UNUSABLE
            ) from exc
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
