"""``manage.py load_reference``: load the reference data and the default vocabulary.

Idempotent; see ``grip.network.reference`` and ``grip.vocab.loading`` for what a reload
updates and what it leaves alone (labels edited in the admin, retired terms, anything not in
the reference data).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grip.network.reference import load_reference, summary_lines


class Command(BaseCommand):
    help = "Laadt de referentiegegevens (regio's, gemeenten, partners, programma's) en vocabulaire."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference()
        self.stdout.write(self.style.SUCCESS("Referentiegegevens geladen."))
        for line in summary_lines(counts):
            self.stdout.write(f"  {line}")
