from typing import Any

from django.core.management.base import BaseCommand

from grip.access.permissions_doc import DOC_PATH, render


class Command(BaseCommand):
    help = "Schrijft docs/permissions.md opnieuw uit de toegangstabel."

    def handle(self, *args: Any, **options: Any) -> None:
        DOC_PATH.write_text(render(), encoding="utf-8")
        self.stdout.write(f"{DOC_PATH} bijgewerkt.")
