from __future__ import annotations

import pytest

from grip.access.grants import grants_for
from grip.access.permissions_doc import DOC_PATH, render
from grip.access.policy import POLICY, Action, DataClass, allows
from grip.network.models import Membership, Programme, Role


def test_permissions_doc_matches_the_policy() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/permissions.md drifted from the policy: run `python manage.py permissions_doc`"
    )


def test_every_role_is_in_the_policy() -> None:
    assert set(POLICY) == set(Role)


@pytest.mark.parametrize(
    ("role", "data_class", "action", "expected"),
    [
        (Role.POLICE_OFFICER, DataClass.CARE, Action.VIEW, False),  # police never see care
        (Role.POLICE_OFFICER, DataClass.POLICE, Action.CREATE, True),
        (Role.ANALYST, DataClass.IDENTITY, Action.VIEW, False),  # analysts: no identities
        (Role.ANALYST, DataClass.POLICE, Action.VIEW, False),
        (Role.COORDINATOR, DataClass.POLICE, Action.CREATE, True),
        (Role.TRIAGE_NURSE, DataClass.POLICE, Action.CREATE, False),
        (Role.ADMINISTRATOR, DataClass.POLICE, Action.VIEW, False),
        (Role.PRIVACY_OFFICER, DataClass.AUDIT, Action.VIEW, True),
    ],
)
def test_policy_table(role: Role, data_class: DataClass, action: Action, expected: bool) -> None:
    assert allows(role, data_class, action) is expected


def test_grants_are_per_programme(persona) -> None:
    outsider = persona("outsider")
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    wijk_ggd = Programme.objects.get(slug="wijk-ggd")
    grants = grants_for(outsider)
    assert grants.can(DataClass.POLICE, Action.VIEW, wijk_ggd.pk)
    assert not grants.can(DataClass.POLICE, Action.VIEW, hotspot.pk)


def test_revoked_membership_grants_nothing(persona, django_assert_num_queries) -> None:
    coordinator = persona("coordinator")
    Membership.objects.filter(user=coordinator).update(active=False)
    with django_assert_num_queries(1):
        assert grants_for(coordinator).programme_ids == frozenset()
        grants_for(coordinator)  # cached on the user object: no second query
