"""``python manage.py research_export --programme SLUG --from DATE --to DATE --output FILE.zip``.

The same pseudonymised export as the screen (ADR 0020), for an operator on the server. It is
logged as an export in the access log (without a user: the command line has none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.dates import date_problem
from grip.monitor.research.package import export
from grip.network.models import Programme


def _date(value: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from exc
    problem = date_problem(date)  # year 1 or 9999 breaks the period arithmetic (grip.dates)
    if problem:
        raise CommandError(f"{problem} ({value})")
    return date


class Command(BaseCommand):
    help = "Gepseudonimiseerde onderzoeksexport (zip met CSV, Parquet en gegevenswoordenboek)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True)
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--output", required=True, help="het zipbestand dat wordt gemaakt")
        parser.add_argument(
            "--threshold",
            type=int,
            default=None,
            help="zeldzaamheidsdrempel (standaard GRIP_SUPPRESSION_THRESHOLD)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Onbekend programma: {options['programme']}")
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_from > date_to:
            raise CommandError("--from ligt na --to.")
        if options["threshold"] is not None and options["threshold"] < 1:
            raise CommandError("--threshold moet minstens 1 zijn.")
        with open(options["output"], "wb") as target:
            data = export(
                None, programme, date_from, date_to, target, threshold=options["threshold"]
            )
        self.stdout.write(
            f"{options['output']}: {len(data.responses)} inzetten, "
            f"{len(data.trajectories)} trajecten."
        )
