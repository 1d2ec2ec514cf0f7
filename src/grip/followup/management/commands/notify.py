"""``python manage.py notify``: the daily reminder digests (run from cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from grip.followup.digest import send_digests


class Command(BaseCommand):
    help = (
        "Stuurt iedere regiehouder één e-mail met wat over tijd is, en coördinatoren en "
        "medewerkers de nieuwe signalen waarvan de oppaktermijn verloopt (eenmaal per dag)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"{sent} e-mail(s) verstuurd.")
