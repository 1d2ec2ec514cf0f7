"""``manage.py export_signals --programme SLUG [--from DATE --to DATE] [FILE]``.

The signals CSV out, to FILE or to standard output. The command line acts as the system: it
exports everything, social notes included; the access log records the export.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.network.models import Programme
from grip.signalling.exchange import csv_lines, log_export


class Command(BaseCommand):
    help = "Schrijft de signalen van een programma (uitwisselformaat v1, CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="programmasleutel (slug)")
        parser.add_argument(
            "--from", dest="date_from", type=_date, help="eerste ontvangstdatum (JJJJ-MM-DD)"
        )
        parser.add_argument(
            "--to", dest="date_to", type=_date, help="laatste ontvangstdatum (JJJJ-MM-DD)"
        )
        parser.add_argument("file", nargs="?", help="uitvoerbestand (anders standaarduitvoer)")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Onbekend programma: {options['programme']!r}.")
        date_from, date_to = options["date_from"], options["date_to"]
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from ligt na --to.")
        log_export(None, programme, date_from, date_to)
        lines = csv_lines(programme, date_from, date_to)
        if options["file"]:
            with open(options["file"], "w", encoding="utf-8", newline="") as out:
                out.writelines(lines)
        else:
            for line in lines:
                self.stdout.write(line, ending="")  # the CSV brings its own CRLF


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {value!r}") from None
