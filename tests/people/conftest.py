from __future__ import annotations

import pytest

from grip.access.policy import POLICY, Action, DataClass
from grip.network.models import Role

# The roles the report proposes for identity create/change in access/policy.py.
IDENTITY_WRITERS = (
    Role.POLICE_OFFICER,
    Role.TRIAGE_NURSE,
    Role.FOLLOWUP_WORKER,
    Role.COORDINATOR,
)


@pytest.fixture
def identity_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Grant identity create and change to IDENTITY_WRITERS for one test.

    The shared policy does not carry these rights yet; once it does, this changes nothing.
    Request it before any persona is used: grants are cached on the user.
    """
    for role in IDENTITY_WRITERS:
        current = POLICY[role].get(DataClass.IDENTITY, frozenset())
        monkeypatch.setitem(
            POLICY[role], DataClass.IDENTITY, current | {Action.CREATE, Action.CHANGE}
        )
