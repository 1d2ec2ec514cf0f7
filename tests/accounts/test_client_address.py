"""The per-address login limit counts the real sender: ``X-Forwarded-For`` is believed only from
the reverse proxies named in ``GRIP_TRUSTED_PROXIES`` (issue 22, finding 12)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client, RequestFactory, override_settings

from grip.accounts.client_address import client_address
from tests.accounts.helpers import password_step

pytestmark = pytest.mark.django_db

TOO_MANY = "Te veel mislukte inlogpogingen"


def _failures_from(client: Client, count: int, forged: bool) -> list[str]:
    pages = []
    for attempt in range(count):
        headers = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{attempt}"} if forged else {}
        # A different (unknown) user name each time: only the per-address limit can stop them.
        response = client.post(
            "/account/login/", {"login": f"guess-{attempt}", "password": "x"}, **headers
        )
        pages.append(response.content.decode())
    return pages


# The old production default trusted one proxy whatever sent the request; it must not matter.
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, GRIP_TRUSTED_PROXIES=[])
def test_a_forged_forwarded_for_does_not_escape_the_per_address_limit() -> None:
    client = Client(REMOTE_ADDR="203.0.113.50")
    with time_machine.travel(1_800_000_000, tick=False):
        pages = _failures_from(client, 21, forged=True)
    assert all(TOO_MANY not in page for page in pages[:20])
    assert TOO_MANY in pages[20]
    # Another address is not affected.
    other = password_step(Client(REMOTE_ADDR="203.0.113.51"), "nobody", "x")
    assert TOO_MANY not in other.content.decode()


@override_settings(GRIP_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_client_counts_on_its_own() -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    with time_machine.travel(1_800_000_000, tick=False):
        pages = _failures_from(proxy, 21, forged=True)
    assert all(TOO_MANY not in page for page in pages)


def _address(peer: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))


def test_the_header_is_ignored_without_trusted_proxies() -> None:
    with override_settings(GRIP_TRUSTED_PROXIES=[]):
        assert _address("203.0.113.50", "198.51.100.1") == "203.0.113.50"


def test_the_header_is_read_from_the_right_past_trusted_proxies_only() -> None:
    with override_settings(GRIP_TRUSTED_PROXIES=["10.0.0.5", "10.1.0.0/16"]):
        # From an untrusted sender the header is ignored.
        assert _address("203.0.113.50", "198.51.100.1") == "203.0.113.50"
        # A client's own (forged) entries left of the real one do not count.
        assert _address("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.1.2.3") == "198.51.100.1"
        assert _address("10.0.0.5", "198.51.100.1") == "198.51.100.1"
        # Nothing usable: the proxy's own address.
        assert _address("10.0.0.5", "") == "10.0.0.5"
        assert _address("10.0.0.5", "not-an-address") == "10.0.0.5"
