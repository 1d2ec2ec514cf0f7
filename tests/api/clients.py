"""API clients for tests: made and approved through the actions, with a token from the
token endpoint, like a partner's system gets them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from grip.api import actions
from grip.api.models import ApiClient
from grip.network.models import Membership, Organisation, Programme, Role

HOTSPOT = "groninger-hotspot"

# client name -> (roles, organisation slug, programme slugs)
API_CLIENTS: dict[str, tuple[tuple[Role, ...], str, tuple[str, ...]]] = {
    "police": ((Role.POLICE_OFFICER,), "politie-noord-nederland", (HOTSPOT,)),
    "nurse": ((Role.TRIAGE_NURSE,), "lentis", (HOTSPOT,)),
    "worker": ((Role.FOLLOWUP_WORKER,), "wij-groningen", (HOTSPOT,)),
    "analyst": ((Role.ANALYST,), "gemeente-groningen", (HOTSPOT,)),
    # A worker's system in another programme: must see nothing of the Hotspot.
    "outsider": ((Role.FOLLOWUP_WORKER,), "ggd-groningen", ("wijk-ggd",)),
}
API_CLIENT_NAMES = tuple(API_CLIENTS)


def administrator(name: str) -> Any:
    user, created = get_user_model().objects.get_or_create(username=f"api-test-{name}")
    if created:
        Membership.objects.create(
            user=user,
            organisation=Organisation.objects.get(slug="gemeente-groningen"),
            role=Role.ADMINISTRATOR,
        )
    return user


@dataclass
class Partner:
    client: ApiClient
    secret: str

    def credentials(self) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "client_id": self.client.client_id,
            "client_secret": self.secret,
        }

    def http(self) -> Client:
        """A test client that sends this partner's fresh bearer token with every request."""
        response = Client().post("/api/v1/token/", self.credentials())
        assert response.status_code == 200, response.content
        return Client(headers={"Authorization": f"Bearer {response.json()['access_token']}"})


def make_partner(name: str, *, approve: bool = True) -> Partner:
    roles, organisation, programmes = API_CLIENTS[name]
    new = actions.create_client(
        administrator("maker"),
        name=f"Systeem {name}",
        organisation=Organisation.objects.get(slug=organisation),
        programmes=Programme.objects.filter(slug__in=programmes),
        roles=[role.value for role in roles],
        purpose=f"Synthetische koppeling {name}",
    )
    client = new.client
    if approve:
        client = actions.approve_client(administrator("checker"), client)
    return Partner(client, new.secret)
