"""Write one access-log row for an access to person-related data (NEN 7513).

Every row says who (user, and the responsible user when acting for someone), as what
(organisation and role of the membership that acted), when (UTC), what was done to which
person (pseudonymous key) and object, in which context (programme, screen or export), the
outcome (allowed or refused) and whether break-the-glass was in force for that person.
A list or an export names the persons it showed in ``persons``: they are written with the row
(``AccessEventPerson``, in bulk) so that each person's subject-access report shows it.
Rows are links of the hash chain (``grip.access.chain``, ADR 0053).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models

from grip.access import chain
from grip.access.break_glass import active_keys
from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from grip.network.models import Membership, Programme

# Set on the user object once a refusal is logged in a request, so that the refusal
# middleware does not log the same refusal a second time.
REFUSAL_LOGGED_ATTR = "_grip_refusal_logged"


def record(
    user: Any,
    action: AccessEventAction,
    *,
    programme: Programme | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    person_key: str = "",
    purpose: str = "",
    outcome: AccessEventOutcome = AccessEventOutcome.ALLOWED,
    responsible: Any = None,
    break_glass: bool | None = None,
    persons: Iterable[str] = (),
) -> AccessEvent:
    """Log the access; call it inside the transaction of the access itself.

    ``break_glass`` defaults to whether the user holds an active emergency access to the
    person: every access under it is flagged, not only those outside the normal scope.
    ``persons``: the display keys of the persons a list page or an export showed.
    """
    membership = acting_membership(user, programme)
    authenticated = getattr(user, "is_authenticated", False)
    if break_glass is None:
        break_glass = bool(person_key) and person_key in active_keys(user)
    if outcome == AccessEventOutcome.REFUSED and authenticated:
        setattr(user, REFUSAL_LOGGED_ATTR, True)
    event = AccessEvent(
        **_fields(user, membership, action, programme, purpose, outcome, responsible),
        object_type=obj._meta.label_lower if obj is not None else object_type[:60],
        object_id=str(obj.pk) if obj is not None else object_id[:40],
        person_key=person_key[:20],
        break_glass=break_glass,
    )
    shown = _shown(persons)
    chain.append([event], [shown] if shown else None)
    return event


def _shown(persons: Iterable[str]) -> Sequence[str]:
    return sorted({key[:20] for key in persons if key})


def record_many(
    user: Any,
    action: AccessEventAction,
    targets: Iterable[tuple[models.Model, str]],
    *,
    programme: Programme | None = None,
    purpose: str = "",
) -> list[AccessEvent]:
    """Log an allowed access to several objects at once, one row per ``(object, person
    key)``, in one INSERT: for a page that shows many cases, so its query count stays flat.
    Call it inside the transaction of the access itself, as ``record``."""
    targets = list(targets)
    if not targets:
        return []
    membership = acting_membership(user, programme)
    emergency = active_keys(user) if any(key for _obj, key in targets) else frozenset()
    common = _fields(user, membership, action, programme, purpose, AccessEventOutcome.ALLOWED, None)
    return chain.append(
        [
            AccessEvent(
                **common,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                person_key=person_key[:20],
                break_glass=bool(person_key) and person_key in emergency,
            )
            for obj, person_key in targets
        ]
    )


def _fields(
    user: Any,
    membership: Membership | None,
    action: AccessEventAction,
    programme: Programme | None,
    purpose: str,
    outcome: AccessEventOutcome,
    responsible: Any,
) -> dict[str, Any]:
    """The columns every row of one access shares."""
    authenticated = getattr(user, "is_authenticated", False)
    acting_for = responsible if responsible is not None and responsible != user else None
    return {
        "user": user if authenticated else None,
        "responsible_user": acting_for,
        "organisation": membership.organisation.name if membership else "",
        "role": membership.role if membership else "",
        "action": action,
        "programme": programme.slug if programme else "",
        "purpose": purpose[:200],
        "outcome": outcome,
    }


def acting_membership(user: Any, programme: Programme | None) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int | None, Membership | None] = user.__dict__.setdefault("_grip_acting", {})
    key = programme.pk if programme else None
    if key not in cache:
        memberships = Membership.objects.filter(user=user, active=True).select_related(
            "organisation"
        )
        if programme is not None:
            memberships = memberships.filter(programmes=programme)
        cache[key] = memberships.order_by("pk").first()
    return cache[key]
