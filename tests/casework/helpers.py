"""Building blocks for casework tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from grip.casework import actions
from grip.casework.actions import AgreementLine, GoalLine
from grip.casework.models import Conference, ConferenceTable, PlanVersion
from grip.followup.models import Trajectory
from grip.network.models import Programme
from tests.followup.helpers import a_trajectory, org, term


def held_trajectory(persona: Any, programme: Programme) -> Trajectory:
    """Case direction with WIJ Groningen (the follow-up worker's organisation)."""
    return a_trajectory(
        persona("coordinator"),
        programme,
        case_organisation=org("wij-groningen"),
        case_holder=persona("followup_worker"),
    )


def a_plan(
    actor: Any, trajectory: Trajectory, *, based_on: int = 0, goal: str = "Dak boven het hoofd"
) -> PlanVersion:
    return actions.save_plan(
        actor,
        trajectory,
        based_on=based_on,
        goals=[
            GoalLine(term("life_domain", "housing"), goal),
            GoalLine(term("life_domain", "recovery"), "Zelf weer regie over de dag"),
        ],
        agreements=[
            AgreementLine("Huisbezoek met ervaringsdeskundige", org("wij-groningen"), in_days(7))
        ],
        review_on=in_days(30),
    )


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def a_table(
    coordinator: Any, programme: Programme, name: str = "ZVH-escalatie", mandate: bool = True
) -> ConferenceTable:
    return actions.add_table(coordinator, programme, name=name, has_mandate=mandate)


def a_conference(coordinator: Any, table: ConferenceTable, *slugs: str) -> Conference:
    return actions.plan_conference(
        coordinator,
        table,
        held_on=timezone.localdate(),
        participants=[org(slug) for slug in slugs or ("lentis", "wij-groningen")],
        legal_basis=term("legal_basis", "zvh_covenant"),
    )
