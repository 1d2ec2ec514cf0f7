"""Write one access-log row for an access to person-related data."""

from __future__ import annotations

from typing import Any

from django.db import models

from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from grip.network.models import Membership, Programme


def record(
    user: Any,
    action: AccessEventAction,
    *,
    programme: Programme | None = None,
    obj: models.Model | None = None,
    person_key: str = "",
    purpose: str = "",
    outcome: AccessEventOutcome = AccessEventOutcome.ALLOWED,
) -> AccessEvent:
    """Log the access; call it inside the transaction of the access itself."""
    membership = acting_membership(user, programme)
    return AccessEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        organisation=membership.organisation.name if membership else "",
        role=membership.role if membership else "",
        action=action,
        programme=programme.slug if programme else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_key=person_key,
        purpose=purpose[:200],
        outcome=outcome,
    )


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
