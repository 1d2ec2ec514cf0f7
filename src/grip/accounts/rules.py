"""Who must log in with a second factor: every role that sees person data, and administrators.

Asks the one access policy, so a role that gains a person-data class gains the requirement.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from grip.access.policy import Action, DataClass, allows
from grip.network.models import Membership, Role

# The access log counts as person data: it says who looked at whom.
PERSON_DATA_CLASSES = (
    DataClass.IDENTITY,
    DataClass.POLICE,
    DataClass.CARE,
    DataClass.SOCIAL,
    DataClass.AUDIT,
)


def role_requires_second_factor(role: str) -> bool:
    if role == Role.ADMINISTRATOR:
        return True
    return any(allows(role, data_class, Action.VIEW) for data_class in PERSON_DATA_CLASSES)


def second_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    roles = Membership.objects.filter(user_id=user.pk, active=True).values_list("role", flat=True)
    return any(role_requires_second_factor(role) for role in roles)
