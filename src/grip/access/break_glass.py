"""Who holds break-the-glass (noodtoegang) right now, and who may ask for it.

Read by the scoped querysets (``ScopedQuerySet.break_glass_q``) and by the access log. The
grants are cached on the user object, like ``grants_for``, so a request pays one query at most,
and none for a user whose roles may not break the glass.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from grip.access.grants import grants_for
from grip.access.models import BreakGlass
from grip.access.policy import BREAK_GLASS_ROLES

_CACHE_ATTR = "_grip_break_glass"


def may_break_glass(user: Any) -> bool:
    """Does one of the user's active roles allow emergency access (``BREAK_GLASS_ROLES``)?"""
    grants = grants_for(user)
    return any(roles & BREAK_GLASS_ROLES for roles in grants.roles_by_programme.values())


def duration_minutes() -> int:
    return int(getattr(settings, "BREAK_GLASS_MINUTES", 60))


def active_keys(user: Any) -> frozenset[str]:
    """The display keys the user holds an unexpired emergency access to."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = user.__dict__.get(_CACHE_ATTR)
    if cached is not None:
        return cached
    keys: frozenset[str] = frozenset()
    if may_break_glass(user):
        keys = frozenset(
            BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now()).values_list(
                "person_key", flat=True
            )
        )
    user.__dict__[_CACHE_ATTR] = keys
    return keys


def forget_break_glass(user: Any) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)
