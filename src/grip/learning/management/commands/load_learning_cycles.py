"""``python manage.py load_learning_cycles``: the published programme plannings as cycles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from grip.learning.planning import load_planned_cycles


class Command(BaseCommand):
    help = "Laadt de gepubliceerde leercycli van de programma's (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_planned_cycles()
        self.stdout.write(f"{created} leercycli aangemaakt.")
