"""Security events in the access log (finding 13 of the second review): failed logins,
lock-outs, wrong second-factor codes, password-reset requests, membership changes.

One function writes them all: ``record_security_event``. Each is an access-log row with the
action "beveiliging" (``AccessEventAction.SECURITY``), so it is chained like every row and the
privacy officer finds it on the access-log screen (filter "Handeling: beveiliging"):

- ``object_type`` is ``security:<kind>`` (``SecurityEvent``), ``object_id`` the account
  concerned (its id), when there is one;
- ``user`` is who acted, when signed in (an administrator changing a membership); a failed
  login has no actor, only the name typed;
- ``purpose`` holds the name typed, the client's address and a short detail; never a password
  or a code;
- failures are logged as refused.

The receivers that call it for logins, codes and reset requests are in
``grip.accounts.security_events``; membership changes call it from where they are made.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grip.access.log import record
from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from grip.network.models import Programme


class SecurityEvent(models.TextChoices):
    LOGIN_FAILED = "login_failed", _("mislukte inlogpoging")
    LOCKED_OUT = "locked_out", _("inlogpoging geblokkeerd")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("onjuiste code van de tweede stap")
    PASSWORD_RESET_REQUESTED = "reset_requested", _("wachtwoordherstel aangevraagd")
    MEMBERSHIP_CHANGED = "membership_changed", _("lidmaatschap gewijzigd")


FAILURES = frozenset(
    {
        SecurityEvent.LOGIN_FAILED,
        SecurityEvent.LOCKED_OUT,
        SecurityEvent.SECOND_FACTOR_FAILED,
    }
)


def record_security_event(
    kind: SecurityEvent,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    account: Any = None,
    username: str = "",
    programme: Programme | None = None,
    detail: str = "",
) -> AccessEvent:
    """Write one security event. ``actor``: who acted, if signed in; ``account``: the account
    the event concerns (its id goes into ``object_id``); ``username``: the name typed at a
    login; ``detail``: a short, password-free description (e.g. "role coordinator added")."""
    parts = [f"security:{kind.value}"]
    if username:
        parts.append(f"user={username[:60]}")
    address = _address(request)
    if address:
        parts.append(f"ip={address}")
    if detail:
        parts.append(detail)
    return record(
        actor,
        AccessEventAction.SECURITY,
        programme=programme,
        object_type=f"security:{kind.value}",
        object_id=str(account.pk) if account is not None and account.pk else "",
        purpose=" ".join(parts),
        outcome=AccessEventOutcome.REFUSED if kind in FAILURES else AccessEventOutcome.ALLOWED,
        break_glass=False,
    )


def _address(request: HttpRequest | None) -> str:
    """The address the connection came from (not a header a client can forge)."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]
