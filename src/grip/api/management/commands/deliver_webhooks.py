"""``python manage.py deliver_webhooks``: send the partner API's due webhook deliveries (run
every minute from cron; failed attempts are retried with back-off)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grip.api.webhooks import deliver_due


class Command(BaseCommand):
    help = "Verstuur de webhook-berichten van de partner-API die aan de beurt zijn."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{deliver_due()} afgeleverd")
