"""Who may do what with signals: the ``SIGNAL_POLICY`` table of ``grip.access.policy``, per
programme of the user's memberships (programme first, role second, as everywhere)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from grip.access.grants import grants_for
from grip.access.policy import POLICE_SOURCES_ONLY, SignalRight, signal_allows


def programmes_with(user: Any, right: SignalRight) -> frozenset[int]:
    """The programmes in which the user's roles grant ``right`` on signals."""
    grants = grants_for(user)
    return frozenset(
        programme_id
        for programme_id, roles in grants.roles_by_programme.items()
        if any(signal_allows(role, right) for role in roles)
    )


def can(user: Any, right: SignalRight, programme_id: int) -> bool:
    return programme_id in programmes_with(user, right)


def require(user: Any, right: SignalRight, programme_id: int) -> None:
    if not can(user, right, programme_id):
        raise PermissionDenied


def police_sources_only(user: Any) -> frozenset[int]:
    """The programmes in which the user sees signals only because of a police-only role: there
    they see the signals that came from the police, and nothing of what workers wrote."""
    grants = grants_for(user)
    full = programmes_with(user, SignalRight.VIEW_NOTES) | programmes_with(user, SignalRight.WORK)
    return frozenset(
        programme_id
        for programme_id, roles in grants.roles_by_programme.items()
        if programme_id not in full and roles & POLICE_SOURCES_ONLY
    )


def sees_notes(user: Any, programme_id: int) -> bool:
    return can(user, SignalRight.VIEW_NOTES, programme_id)
