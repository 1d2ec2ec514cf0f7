"""Expose the user's grants to templates, so menus show only what the policy allows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grip.access.break_glass import may_break_glass
from grip.access.grants import grants_for
from grip.access.policy import LINKING_ROLES, Action, DataClass, SignalRight, signal_allows


def grants(request: HttpRequest) -> dict[str, Any]:
    user_grants = grants_for(getattr(request, "user", None))
    return {
        "grants": user_grants,
        "can_view_incidents": user_grants.can(DataClass.POLICE, Action.VIEW),
        "can_register_incidents": user_grants.can(DataClass.POLICE, Action.CREATE),
        "can_view_responses": user_grants.can(DataClass.POLICE, Action.VIEW)
        or user_grants.can(DataClass.CARE, Action.VIEW),
        "can_follow_up": user_grants.can(DataClass.SOCIAL, Action.VIEW),
        "can_learn": user_grants.can(DataClass.LEARNING, Action.VIEW)
        or user_grants.can(DataClass.STATS, Action.VIEW),
        "can_audit": user_grants.can(DataClass.AUDIT, Action.VIEW),
        "can_break_glass": may_break_glass(getattr(request, "user", None)),
        "can_view_stats": user_grants.can(DataClass.STATS, Action.VIEW),
        "can_export_stats": user_grants.can(DataClass.STATS, Action.EXPORT),
        # Early signalling: register a signal from any source (SIGNAL_POLICY).
        "can_register_signals": any(
            signal_allows(role, SignalRight.REGISTER)
            for pid in user_grants.programme_ids
            for role in user_grants.roles_in(pid)
        ),
        # The queue of new signals and Mijn signalen (grip.signalling): who works signals.
        "can_work_signals": any(
            signal_allows(role, SignalRight.WORK)
            for pid in user_grants.programme_ids
            for role in user_grants.roles_in(pid)
        ),
        "can_link_persons": any(
            user_grants.roles_in(pid) & LINKING_ROLES for pid in user_grants.programme_ids
        ),
    }
