"""Writes of the access app: opening and reviewing break-the-glass (noodtoegang)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from grip.access.break_glass import duration_minutes, forget_break_glass, may_break_glass
from grip.access.log import acting_membership, record
from grip.access.models import AccessEventAction, BreakGlass
from grip.access.policy import Action, DataClass
from grip.access.scoping import require

MIN_REASON_LENGTH = 20


def open_break_glass(user: Any, person_key: str, reason: str) -> BreakGlass:
    """Grant ``user`` read access to the person with ``person_key`` for a while.

    The key is not looked up: whether such a person exists is not told here (the person page
    says it the same way for a key that does not exist as for one out of scope).
    """
    if not may_break_glass(user):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValueError("reason too short")
    membership = acting_membership(user, None)
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            user=user,
            person_key=person_key,
            reason=reason,
            organisation=membership.organisation.name if membership else "",
            role=membership.role if membership else "",
            expires_at=timezone.now() + dt.timedelta(minutes=duration_minutes()),
        )
        record(
            user,
            AccessEventAction.BREAK_GLASS,
            obj=grant,
            person_key=person_key,
            purpose=("access:break-glass " + reason)[:200],
            break_glass=True,
        )
    forget_break_glass(user)
    return grant


def review_break_glass(officer: Any, grant: BreakGlass, note: str) -> BreakGlass:
    """The privacy officer's verdict on one emergency access; written once."""
    require(officer, DataClass.AUDIT, Action.VIEW)
    if grant.reviewed_at is not None:
        raise ValueError("already reviewed")
    with transaction.atomic():
        BreakGlass.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(), reviewed_by=officer, review_note=note.strip()
        )
        record(
            officer,
            AccessEventAction.UPDATE,
            obj=grant,
            person_key=grant.person_key,
            purpose="access:break-glass-review",
            break_glass=False,
        )
    grant.refresh_from_db()
    return grant
