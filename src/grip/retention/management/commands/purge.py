"""``python manage.py purge [--dry-run]``: end what has passed its retention period.

For cron (daily). Idempotent: what was purged is marked or gone, so a second run finds
nothing new. ``--dry-run`` lists what a run would do and changes nothing. Periods and what
happens per class: ``docs/retention.md``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from grip.network.models import Programme
from grip.retention.plan import HELD_LABELS, KIND_LABELS, Found
from grip.retention.run import purge

NO_PROGRAMME = "(buiten programma's)"
ORDER = {kind: position for position, kind in enumerate(KIND_LABELS)}


class Command(BaseCommand):
    help = "Anonimiseert of verwijdert wat over zijn bewaartermijn is (zie docs/retention.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat er zou gebeuren, zonder iets te wijzigen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        dry_run = bool(options["dry_run"])
        found = purge(now, dry_run=dry_run)
        self.stdout.write(report(found, now, dry_run=dry_run))


def report(found: list[Found], now: Any, *, dry_run: bool) -> str:
    slugs = dict(Programme.objects.values_list("pk", "slug"))
    verb = "zou doen (proefdraai, niets gewijzigd)" if dry_run else "gedaan"
    lines = [f"Bewaartermijnen op {now:%Y-%m-%d %H:%M} UTC, {verb}:"]
    for what in found:
        retention_class = what.retention_class
        lines.append(
            f"- {retention_class.label} ({retention_class.describe()};"
            f" verlopen vóór {what.cutoff:%Y-%m-%d}):"
        )
        if what.empty:
            lines.append("    niets verlopen")
        for (programme, kind), n in sorted(
            what.counts.items(),
            key=lambda item: (slugs.get(item[0][0] or 0, ""), ORDER[item[0][1]]),
        ):
            where = slugs.get(programme, "?") if programme is not None else NO_PROGRAMME
            lines.append(f"    {where}: {n} {KIND_LABELS[kind]}")
        for reason, n in sorted(what.held.items()):
            if n:
                lines.append(f"    bewaard, want {HELD_LABELS[reason]}: {n}")
    return "\n".join(lines)
