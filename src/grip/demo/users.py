"""Demo users: one per role, with invented names, one printed demo password and one printed
demo TOTP secret (the second factor)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from grip.accounts.devices import DEMO_TOTP_SECRET, give_totp
from grip.network.models import Membership, Organisation, Programme, Role

DEMO_PASSWORD = "grip-demo-2026"  # noqa: S105 - printed on purpose: demo data only


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str  # organisation slug
    programmes: tuple[str, ...]  # programme slugs


HOTSPOT = "groninger-hotspot"
EARLY = "groninger-vroegsignalering"
WIJK_GGD = "wijk-ggd"
EAST = "vroegsignalering-oost-groningen"
ALL_PROGRAMMES = (HOTSPOT, EARLY, WIJK_GGD, EAST)

# Invented names; any likeness to a real person is coincidence.
DEMO_USERS = (
    DemoUser(
        "politie",
        "Bram",
        "Veldkamp",
        Role.POLICE_OFFICER,
        "politie-noord-nederland",
        ALL_PROGRAMMES,
    ),
    DemoUser("spv", "Noor", "Hoekstra", Role.TRIAGE_NURSE, "lentis", (HOTSPOT,)),
    DemoUser("opvolger", "Sem", "Bakker", Role.FOLLOWUP_WORKER, "wij-groningen", (HOTSPOT,)),
    DemoUser(
        "ervaringsdeskundige", "Lotte", "Mulder", Role.PEER_EXPERT, "inbegrepen", (HOTSPOT, EARLY)
    ),
    DemoUser(
        "coordinator", "Femke", "de Boer", Role.COORDINATOR, "gemeente-groningen", (HOTSPOT, EARLY)
    ),
    # Early signalling: an OGGz I28 worker, a wijk-GGD'er, a wijk-GGZ'er in a local team of
    # Oost-Groningen, and the coordinators of the two programmes the Hotspot's does not cover.
    DemoUser("i28", "Esther", "Wiersma", Role.FOLLOWUP_WORKER, "oggz-groningen", (EARLY,)),
    DemoUser("wijkggd", "Jelle", "Postma", Role.FOLLOWUP_WORKER, "ggd-groningen", (WIJK_GGD,)),
    DemoUser(
        "wijkggz", "Anouk", "Huizinga", Role.FOLLOWUP_WORKER, "lokale-teams-oost-groningen", (EAST,)
    ),
    DemoUser(
        "coordinator-ggd", "Marieke", "Zijlstra", Role.COORDINATOR, "ggd-groningen", (WIJK_GGD,)
    ),
    DemoUser(
        "coordinator-oost",
        "Hidde",
        "Boerma",
        Role.COORDINATOR,
        "lokale-teams-oost-groningen",
        (EAST,),
    ),
    DemoUser("analist", "Daan", "Smit", Role.ANALYST, "gemeente-groningen", ALL_PROGRAMMES),
    DemoUser(
        "privacy", "Ilse", "Kramer", Role.PRIVACY_OFFICER, "gemeente-groningen", ALL_PROGRAMMES
    ),
    DemoUser(
        "beheerder",
        "Ruben",
        "Dijkstra",
        Role.ADMINISTRATOR,
        "gemeente-groningen",
        (),
    ),
)


@transaction.atomic
def ensure_demo_users() -> dict[str, AbstractUser]:
    """Create the demo users once; a second run finds them and changes nothing."""
    user_model = get_user_model()
    users: dict[str, AbstractUser] = {}
    for spec in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.grip.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        membership, _created = Membership.objects.get_or_create(
            user=user,
            organisation=Organisation.objects.get(slug=spec.organisation),
            role=spec.role,
        )
        membership.programmes.add(*Programme.objects.filter(slug__in=spec.programmes))
        # Every demo user has the second factor set up, with the published demo secret:
        # `python manage.py demo_code` prints the current code (README.md).
        give_totp(user, DEMO_TOTP_SECRET)
        users[spec.username] = user
    return users
