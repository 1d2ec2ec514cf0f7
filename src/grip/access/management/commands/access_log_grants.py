"""``python manage.py access_log_grants [--app-role R] [--retention-role R]``: print the SQL
that gives production's database roles their privileges (ADR 0053, docs/security.md). Run it
as the tables' owner after every ``migrate``: ``manage.py access_log_grants | psql …``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.access.roles import grants_sql


class Command(BaseCommand):
    help = "Toont de SQL met de databaserechten voor productie (toegangslog alleen aanvullen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", default="grip_app")
        parser.add_argument("--retention-role", default="grip_retention")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(grants_sql(options["app_role"], options["retention_role"]))
        except ValueError as error:
            raise CommandError(str(error)) from None
