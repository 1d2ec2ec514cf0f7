"""``python manage.py factsheet --programme SLUG --from DATE --to DATE --format json``.

Exact counts for authorised use; ``--publish`` applies small-cell suppression. HTML and PDF
output come with the factsheet screens (monitor issue) and are refused with a clear message
until then.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.monitor.indicators import factsheet
from grip.monitor.publication import suppress
from grip.network.models import Area, Programme
from grip.people.recurrence import Scope


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Factsheet van een programma over een periode (indicatordefinities v1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True)
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--area", dest="areas", action="append", default=[])
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--output")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] != "json":
            raise CommandError(
                "HTML en PDF komen met de factsheetschermen; gebruik nu --format json."
            )
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Onbekend programma: {options['programme']}")
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_from > date_to:
            raise CommandError("--from ligt na --to.")
        areas = tuple(Area.objects.filter(programme=programme, slug__in=options["areas"]))
        if len(areas) != len(set(options["areas"])):
            raise CommandError("Onbekend gebied voor dit programma.")
        figures = factsheet(Scope(programme, date_from, date_to, areas))
        if options["publish"]:
            figures = suppress(figures)
        text = json.dumps(figures, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            self.stdout.write(text)
