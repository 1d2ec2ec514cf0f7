"""``python manage.py demo``: reference data, one demo user per role, synthetic incidents.

Safe to run again: what exists is kept and nothing is duplicated.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from grip.accounts.devices import DEMO_TOTP_SECRET
from grip.demo.experience import generate_demo_experience
from grip.demo.guard import refuse_in_production
from grip.demo.identities import generate_demo_identities
from grip.demo.incidents import demo_incidents_exist, generate_demo_incidents
from grip.demo.learning import generate_demo_learning
from grip.demo.responses import (
    configure_demo_followup,
    generate_demo_care_contacts,
    generate_demo_responses,
)
from grip.demo.signals import demo_signals_exist, generate_demo_signals
from grip.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from grip.network.reference import load_reference


class Command(BaseCommand):
    help = "Laadt referentiegegevens, demogebruikers en synthetische meldingen (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production("demo")
        load_reference()
        users = ensure_demo_users()
        if demo_incidents_exist():
            self.stdout.write("Demomeldingen bestaan al; niets toegevoegd.")
        else:
            with transaction.atomic():
                count = generate_demo_incidents(users["politie"])
            self.stdout.write(f"{count} synthetische meldingen aangemaakt.")
        configure_demo_followup()
        with transaction.atomic():
            responses = generate_demo_responses(users["spv"])
        self.stdout.write(f"{responses} synthetische inzetten aangemaakt.")
        with transaction.atomic():
            contacts = generate_demo_care_contacts(users["opvolger"])
        self.stdout.write(f"{contacts} synthetische eerste zorgcontacten aangemaakt.")
        with transaction.atomic():
            identities = generate_demo_identities(users["coordinator"])
        self.stdout.write(f"{identities} verzonnen identiteiten versleuteld opgeslagen.")
        if demo_signals_exist():
            self.stdout.write("Demosignalen bestaan al; niets toegevoegd.")
        else:
            signals = generate_demo_signals(users)
            self.stdout.write(f"{signals} synthetische signalen aangemaakt en bewerkt.")
        sessions = generate_demo_learning(users["coordinator"])
        self.stdout.write(f"{sessions} synthetische reflectiesessies aangemaakt.")
        askings = generate_demo_experience(users)
        self.stdout.write(f"{askings} keer synthetisch gevraagd naar ervaren regie en veiligheid.")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demologins (wachtwoord voor allen: {DEMO_PASSWORD})")
        )
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<20} {spec.role.label}")
        self.stdout.write(
            "Tweede stap: de code van `python manage.py demo_code GEBRUIKERSNAAM`, of zet het "
            f"demogeheim {DEMO_TOTP_SECRET} in een authenticator-app (alleen voor de demo)."
        )
