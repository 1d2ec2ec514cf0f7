"""The client's network address, for the per-address login limit.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only when the
request comes from one of the reverse proxies named in ``GRIP_TRUSTED_PROXIES``. Then the list
is read from the right (each proxy appends the address it saw) and the first address that is
not itself a trusted proxy is the client. Without trusted proxies (the default) the header is
ignored and the socket's address counts: a forged header cannot spread failures over made-up
addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"GRIP_TRUSTED_PROXIES: {exc}") from exc


def trusted_proxy_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``GRIP_TRUSTED_PROXIES`` parsed (addresses or networks such as ``10.0.0.0/8``)."""
    return _networks(tuple(entry.strip() for entry in entries if entry.strip()))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(text: str, networks: tuple[Network, ...]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address to count failures against (never empty)."""
    peer = str(request.META.get("REMOTE_ADDR") or "")
    networks = trusted_proxy_networks(getattr(settings, "GRIP_TRUSTED_PROXIES", ()))
    if not networks or not _is_trusted(peer, networks):
        return peer or "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    for hop in reversed(forwarded.split(",")):
        if _address(hop) is None:
            break  # a malformed hop: nothing left of it can be believed
        if not _is_trusted(hop, networks):
            return hop.strip()
    return peer
