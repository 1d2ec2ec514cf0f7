"""One user per role and organisation, and an outsider from another programme (DESIGN.md).

Each persona is a pytest fixture returning a logged-out user; ``client_for`` logs one in.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from grip.accounts.devices import give_totp
from grip.accounts.sessions import mark_second_factor
from grip.network.models import Membership, Organisation, Programme, Role

HOTSPOT = "groninger-hotspot"

# persona name -> (role, organisation slug, programme slugs)
PERSONAS: dict[str, tuple[Role, str, tuple[str, ...]]] = {
    "police_officer": (Role.POLICE_OFFICER, "politie-noord-nederland", (HOTSPOT,)),
    "triage_nurse": (Role.TRIAGE_NURSE, "lentis", (HOTSPOT,)),
    "followup_worker": (Role.FOLLOWUP_WORKER, "wij-groningen", (HOTSPOT,)),
    "peer_expert": (Role.PEER_EXPERT, "inbegrepen", (HOTSPOT,)),
    "coordinator": (Role.COORDINATOR, "gemeente-groningen", (HOTSPOT,)),
    "analyst": (Role.ANALYST, "gemeente-groningen", (HOTSPOT,)),
    "privacy_officer": (Role.PRIVACY_OFFICER, "gemeente-groningen", (HOTSPOT,)),
    "administrator": (Role.ADMINISTRATOR, "gemeente-groningen", ()),
    # A coordinator, but of another programme: must see nothing of the Hotspot.
    "outsider": (Role.COORDINATOR, "ggd-groningen", ("wijk-ggd",)),
}
PERSONA_NAMES = tuple(PERSONAS)


def make_persona(name: str) -> AbstractUser:
    role, organisation_slug, programme_slugs = PERSONAS[name]
    user = get_user_model().objects.create_user(
        username=f"persona-{name}", password="persona-password", first_name=name
    )
    membership = Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug=organisation_slug), role=role
    )
    membership.programmes.set(Programme.objects.filter(slug__in=programme_slugs))
    return user


@pytest.fixture
def persona(reference) -> Callable[[str], AbstractUser]:
    """``persona("coordinator")`` creates (once per test) and returns that persona."""
    made: dict[str, AbstractUser] = {}

    def get(name: str) -> AbstractUser:
        if name not in made:
            made[name] = make_persona(name)
        return made[name]

    return get


def logged_in_client(user: AbstractUser, **client_options: object) -> Client:
    """A test client with ``user`` fully logged in. Every test logs in through here, so a
    change to what "logged in" means is made in one place.

    Fully logged in: the user has a TOTP authenticator (the demo secret) and recovery codes,
    and entered a second factor just now (fresh, for reveals and exports, for
    GRIP_FRESH_FACTOR_MINUTES)."""
    client = Client(**client_options)
    give_totp(user)
    client.force_login(user)
    session = client.session
    mark_second_factor(session)
    session.save()
    return client


@pytest.fixture
def client_for(persona) -> Callable[[str], Client]:
    def login(name: str) -> Client:
        return logged_in_client(persona(name))

    return login
