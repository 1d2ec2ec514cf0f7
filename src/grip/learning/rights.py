"""Who does what in learning, read from the one access policy (data class ``learning``).

The facilitator is whoever may change learning data in the programme: the policy gives that to
the coordinator. Participants view the sessions their organisation takes part in (the scoping
in ``SessionQuerySet``); the programme-level pages (cycles, top threes) are for every role
with a learning view in the programme.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_view_learning(user: Any, programme_id: int) -> bool:
    return grants_for(user).can(DataClass.LEARNING, Action.VIEW, programme_id)


def can_facilitate(user: Any, programme_id: int) -> bool:
    return grants_for(user).can(DataClass.LEARNING, Action.CHANGE, programme_id)


def can_print_pack(user: Any, programme_id: int) -> bool:
    return grants_for(user).can(DataClass.LEARNING, Action.EXPORT, programme_id)


def can_see_figures(user: Any, programme_id: int) -> bool:
    """What works is aggregate figures without persons: the ``stats`` data class."""
    return grants_for(user).can(DataClass.STATS, Action.VIEW, programme_id)
