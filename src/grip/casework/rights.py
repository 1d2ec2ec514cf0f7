"""Who may do what in casework, on top of the programme-level policy and follow-up's rights.

- The plan: whoever steers the trajectory (its direction holders, the coordinator) writes it;
  whoever may see the trajectory's work (care or social data) reads it.
- Tables and conferences: the programme's coordinator sets them up; the participating
  organisations' members who may change care or social data put cases on the agenda and record
  decisions.
- A breakthrough: whoever steers the trajectory raises it; the coordinator answers it.
"""

from __future__ import annotations

from typing import Any

from grip.access.grants import grants_for
from grip.access.policy import CASEWORK_CHAIR_ROLES
from grip.casework.models import Conference
from grip.followup.models import Trajectory
from grip.followup.rights import can_see_work, can_steer, may_change


def can_read_plan(user: Any, trajectory: Trajectory) -> bool:
    return can_see_work(user, trajectory.programme_id)


def can_write_plan(user: Any, trajectory: Trajectory) -> bool:
    return can_read_plan(user, trajectory) and can_steer(user, trajectory.programme_id, trajectory)


def is_chair(user: Any, programme_id: int) -> bool:
    return bool(grants_for(user).roles_in(programme_id) & CASEWORK_CHAIR_ROLES)


def can_set_up(user: Any, programme_id: int) -> bool:
    return is_chair(user, programme_id)


def can_take_part(user: Any, conference: Conference) -> bool:
    """Agenda and decisions: the coordinator, or a participant who may change case data.
    The conference itself must already be visible to ``user`` (the caller fetched it scoped)."""
    programme_id = conference.table.programme_id
    return is_chair(user, programme_id) or may_change(user, programme_id)


def can_raise_breakthrough(user: Any, trajectory: Trajectory) -> bool:
    return can_write_plan(user, trajectory)


def can_answer_breakthrough(user: Any, programme_id: int) -> bool:
    return is_chair(user, programme_id)
