"""``python manage.py factsheet --programme SLUG --from DATE --to DATE --format json|html|pdf
[--publish] [--output FILE]`` (DOMAIN.md, "Command line").

json prints exact counts for authorised use; ``--publish`` applies small-cell suppression, and
every pdf is suppressed whatever the flags. html and pdf are the same printable document as the
screen's PDF download; pdf needs ``--output`` (bytes do not belong on a terminal).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from grip.dates import date_problem
from grip.learning.topthrees import reflection_top_threes
from grip.monitor.indicators import factsheet
from grip.monitor.publication import suppress
from grip.monitor.sheet import build_sheet
from grip.monitor.views import print_html
from grip.network.models import Area, Programme
from grip.pdf import render_pdf
from grip.people.recurrence import Scope


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
        output_format = options["format"]
        if output_format == "pdf" and not options["output"]:
            raise CommandError("Een PDF gaat naar een bestand: geef --output BESTAND.")
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Onbekend programma: {options['programme']}")
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_from > date_to:
            raise CommandError("--from ligt na --to.")
        areas = tuple(Area.objects.filter(programme=programme, slug__in=options["areas"]))
        if len(areas) != len(set(options["areas"])):
            raise CommandError("Onbekend gebied voor dit programma.")
        scope = Scope(programme, date_from, date_to, areas)
        if output_format != "json":
            published = options["publish"] or output_format == "pdf"
            html = print_html(build_sheet(programme, scope, published=published))
            if output_format == "pdf":
                with open(options["output"], "wb") as out:
                    out.write(render_pdf(html))
                return
            self._write(html, options["output"])
            return
        made_at = timezone.localtime()
        figures = factsheet(scope)
        figures["reflection"] = reflection_top_threes(programme, date_from, date_to)
        # When the figures were made: the signals count pick-ups, contacts and closures as
        # recorded then, also those after ``to`` (DOMAIN.md).
        figures["made_at"] = made_at.isoformat(timespec="seconds")
        if options["publish"]:
            figures = suppress(figures)
        self._write(json.dumps(figures, ensure_ascii=False, indent=2), options["output"])

    def _write(self, text: str, output: str | None) -> None:
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            self.stdout.write(text)
