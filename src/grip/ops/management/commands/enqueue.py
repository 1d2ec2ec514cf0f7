"""Queue one of the daily commands for the worker: what the systemd timers run (docs/deploy.md).

``manage.py enqueue notify`` returns at once; the worker runs ``notify`` and logs one JSON line
with its outcome. ``--now`` runs it here instead, through the same task (for a first try).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grip.ops.tasks import SCHEDULED_COMMANDS, run_command


class Command(BaseCommand):
    help = "Zet een dagelijkse taak (notify, purge, refresh_facts) klaar voor de worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=SCHEDULED_COMMANDS)
        parser.add_argument("--now", action="store_true", help="nu uitvoeren, niet via de worker")

    def handle(self, *args: Any, name: str, now: bool, **options: Any) -> None:
        if now:
            run_command.call(name)
            self.stdout.write(f"{name}: uitgevoerd")
            return
        result = run_command.enqueue(name)
        self.stdout.write(f"{name}: klaargezet als taak {result.id}")
