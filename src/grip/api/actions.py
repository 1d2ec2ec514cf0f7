"""Every write of API clients: created, approved by a second administrator (four eyes, ADR
0043), secret rotated, revoked. Each in one transaction with an access-log row.

The client's rights are memberships of its service user, so the access policy is the one
table for people and systems alike. The memberships stay inactive until a second
administrator approves the client; revoking deactivates them and the service user, and drops
every token at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.administration import is_administrator
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.api.credentials import new_client_id, new_secret
from grip.api.models import ApiClient, ApiToken
from grip.network.models import Membership, Organisation, Programme, Role

# The roles a partner's system may act in: those that register or follow reports, and the
# analyst for figures. Never the coordinator (steering is people's work), the privacy officer
# or the administrator.
API_ROLES: tuple[Role, ...] = (
    Role.POLICE_OFFICER,
    Role.TRIAGE_NURSE,
    Role.FOLLOWUP_WORKER,
    Role.PEER_EXPERT,
    Role.ANALYST,
)


@dataclass(frozen=True)
class NewSecret:
    client: ApiClient
    secret: str  # shown once to the administrator, never stored


def _require_administrator(actor: Any) -> None:
    if not is_administrator(actor):
        raise PermissionDenied


def create_client(
    actor: Any,
    *,
    name: str,
    organisation: Organisation,
    programmes: Iterable[Programme],
    roles: Iterable[str],
    purpose: str,
) -> NewSecret:
    _require_administrator(actor)
    roles = sorted({Role(code) for code in roles})
    programmes = list(programmes)
    if not roles or any(role not in API_ROLES for role in roles):
        raise ValidationError({"roles": _("Kies een of meer rollen voor een koppeling.")})
    if not programmes:
        raise ValidationError({"programmes": _("Kies een of meer programma's.")})
    client_id = new_client_id()
    secret, secret_digest = new_secret()
    with transaction.atomic():
        service_user = get_user_model().objects.create_user(
            username=f"api-{client_id}", first_name=name[:150], last_name="(API)"
        )  # no password: a service user never logs in on the screens
        for role in roles:
            membership = Membership(
                user=service_user, organisation=organisation, role=role, active=False
            )
            membership.full_clean(exclude=["user"])
            membership.save()
            membership.programmes.set(programmes)
        client = ApiClient.objects.create(
            name=name.strip(), client_id=client_id, organisation=organisation,
            roles=",".join(roles), purpose=purpose.strip(), service_user=service_user,
            secret_digest=secret_digest, created_by=actor,
        )  # fmt: skip
        client.programmes.set(programmes)
        record(actor, AccessEventAction.CREATE, obj=client, purpose="api:client-create")
    return NewSecret(client, secret)


def approve_client(actor: Any, client: ApiClient) -> ApiClient:
    """The second pair of eyes: another administrator than the one who created it."""
    _require_administrator(actor)
    if client.created_by_id == actor.pk:
        raise ValidationError(_("Een tweede beheerder keurt de koppeling goed, niet u zelf."))
    with transaction.atomic():
        current = ApiClient.objects.select_for_update().get(pk=client.pk)
        if current.revoked_at is not None or current.approved_at is not None:
            return current
        current.approved_by, current.approved_at = actor, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
        Membership.objects.filter(user=current.service_user).update(active=True)
        record(actor, AccessEventAction.UPDATE, obj=current, purpose="api:client-approve")
    return current


def rotate_secret(actor: Any, client: ApiClient) -> NewSecret:
    """A new secret; the old one stops at once, and so do the tokens issued with it."""
    _require_administrator(actor)
    secret, secret_digest = new_secret()
    with transaction.atomic():
        current = ApiClient.objects.select_for_update().get(pk=client.pk)
        if current.revoked_at is not None:
            raise ValidationError(_("Deze koppeling is ingetrokken."))
        current.secret_digest, current.secret_set_at = secret_digest, timezone.now()
        current.save(update_fields=["secret_digest", "secret_set_at"])
        ApiToken.objects.filter(client=current).delete()
        record(actor, AccessEventAction.UPDATE, obj=current, purpose="api:client-rotate")
    return NewSecret(current, secret)


def revoke_client(actor: Any, client: ApiClient) -> ApiClient:
    _require_administrator(actor)
    with transaction.atomic():
        current = ApiClient.objects.select_for_update().get(pk=client.pk)
        if current.revoked_at is not None:
            return current
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        ApiToken.objects.filter(client=current).delete()
        Membership.objects.filter(user=current.service_user).update(active=False)
        user = current.service_user
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(actor, AccessEventAction.UPDATE, obj=current, purpose="api:client-revoke")
    return current
