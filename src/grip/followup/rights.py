"""Who may steer or work in a trajectory, on top of the programme-level policy.

Steering (AVE, direction, hand-over, closing) belongs to the coordinator and to the
organisations that hold direction. Working in it (contacts, tasks) belongs to everyone of a
taking-part organisation who may record care or social data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.network.models import Membership, Role

if TYPE_CHECKING:
    from grip.followup.models import Handover, Trajectory


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def organisation_ids(user: Any) -> frozenset[int]:
    """The organisations of the user's active memberships (cached on the user object)."""
    cached = getattr(user, "_grip_organisations", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user_id=user.pk, active=True).values_list(
                "organisation_id", flat=True
            )
        )
        user._grip_organisations = cached
    return cached


def is_coordinator(user: Any, programme_id: int) -> bool:
    return Role.COORDINATOR in grants_for(user).roles_in(programme_id)


def may_record(user: Any, programme_id: int) -> bool:
    grants = grants_for(user)
    return grants.can(DataClass.SOCIAL, Action.CREATE, programme_id) or grants.can(
        DataClass.CARE, Action.CREATE, programme_id
    )


def may_change(user: Any, programme_id: int) -> bool:
    grants = grants_for(user)
    return grants.can(DataClass.SOCIAL, Action.CHANGE, programme_id) or grants.can(
        DataClass.CARE, Action.CHANGE, programme_id
    )


def can_steer(user: Any, programme_id: int, trajectory: Trajectory | None) -> bool:
    if is_coordinator(user, programme_id):
        return True
    if trajectory is None:  # opening one
        return may_record(user, programme_id)
    holders = {trajectory.case_organisation_id, trajectory.process_organisation_id}
    return may_change(user, programme_id) and bool(holders & organisation_ids(user))


def can_work_in(user: Any, trajectory: Trajectory) -> bool:
    from grip.followup.models import Trajectory

    if not may_record(user, trajectory.programme_id):
        return False
    return Trajectory.objects.visible_to(user).filter(pk=trajectory.pk).exists()


def can_answer_handover(user: Any, handover: Handover) -> bool:
    programme_id = handover.trajectory.programme_id
    if is_coordinator(user, programme_id):
        return True
    return may_change(user, programme_id) and handover.to_organisation_id in organisation_ids(user)


def can_see_work(user: Any, programme_id: int) -> bool:
    """Contacts, tasks and results are social (or care) data: never for the police role."""
    grants = grants_for(user)
    return grants.can(DataClass.SOCIAL, Action.VIEW, programme_id) or grants.can(
        DataClass.CARE, Action.VIEW, programme_id
    )
