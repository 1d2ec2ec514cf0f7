"""``python manage.py rotate_identity_keys``: move every identity to the current key.

Put the new key first in GRIP_IDENTITY_KEYS (keeping the old ones after it), restart, run this;
when it reports no failures, the old keys can be removed from the environment.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.people.identity.rotation import DEFAULT_BATCH_SIZE, rotate_identity_keys


class Command(BaseCommand):
    help = (
        "Versleutelt alle identiteitsgegevens opnieuw met de huidige sleutel (de eerste in "
        "GRIP_IDENTITY_KEYS), zodat oude sleutels daarna weg kunnen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help="Aantal identiteiten per transactie (standaard %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")
        result = rotate_identity_keys(batch_size=batch_size)
        self.stdout.write(f"Huidige sleutel: {result.current_key_id}")
        self.stdout.write(f"Opnieuw versleuteld: {result.reencrypted}")
        self.stdout.write(f"Al met de huidige sleutel: {result.already_current}")
        self.stdout.write(f"Mislukt: {len(result.failed)}")
        if result.failed:
            listed = ", ".join(str(pk) for pk in result.failed[:50])
            more = " …" if len(result.failed) > 50 else ""
            raise CommandError(
                "Niet te ontsleutelen (sleutel ontbreekt in GRIP_IDENTITY_KEYS, of gegevens "
                f"gewijzigd); verwijder geen oude sleutels. Identiteit-id's: {listed}{more}"
            )
