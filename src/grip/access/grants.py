"""A user's grants: for each (data class, action), the programmes in which the policy allows it.

Computed once per user object from the active memberships (one query) and cached on it, so a
request that asks many times pays once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from grip.access.policy import Action, DataClass, allows
from grip.network.models import Membership, Role

_CACHE_ATTR = "_grip_grants"


@dataclass(frozen=True)
class Grants:
    by_right: dict[tuple[DataClass, Action], frozenset[int]] = field(default_factory=dict)
    roles_by_programme: dict[int, frozenset[Role]] = field(default_factory=dict)

    @property
    def programme_ids(self) -> frozenset[int]:
        """Every programme the user works in, whatever the role."""
        return frozenset(self.roles_by_programme)

    def programmes(self, data_class: DataClass, action: Action) -> frozenset[int]:
        return self.by_right.get((data_class, action), frozenset())

    def can(self, data_class: DataClass, action: Action, programme_id: int | None = None) -> bool:
        """Allowed in ``programme_id``, or, without one, in at least one programme."""
        ids = self.programmes(data_class, action)
        return bool(ids) if programme_id is None else programme_id in ids

    def roles_in(self, programme_id: int) -> frozenset[Role]:
        return self.roles_by_programme.get(programme_id, frozenset())


NO_GRANTS = Grants()


def grants_for(user: Any) -> Grants:
    """The grants of ``user`` (anonymous or inactive users have none)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(user=user, active=True, programmes__isnull=False).values_list(
        "role", "programmes"
    )
    roles: dict[int, set[Role]] = defaultdict(set)
    for role, programme_id in rows:
        roles[programme_id].add(Role(role))
    by_right: dict[tuple[DataClass, Action], set[int]] = defaultdict(set)
    for programme_id, programme_roles in roles.items():
        for role in programme_roles:
            for data_class in DataClass:
                for action in Action:
                    if allows(role, data_class, action):
                        by_right[(data_class, action)].add(programme_id)
    grants = Grants(
        by_right={key: frozenset(ids) for key, ids in by_right.items()},
        roles_by_programme={pid: frozenset(r) for pid, r in roles.items()},
    )
    setattr(user, _CACHE_ATTR, grants)
    return grants


def forget_grants(user: Any) -> None:
    """Drop the cached grants (after a membership change within the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
