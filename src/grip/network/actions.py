"""Writes of memberships: four-eyes on every right given (issue 22, finding 1).

An administrator asks for a role for a user (``request_membership``); it takes effect only when
someone else approves it (``decide``): another administrator, or the coordinator of every
programme the request names. Neither the one who asked nor the user it is for may approve, so
nobody gives themselves access. Taking a role away (``revoke_membership``) lowers rights and
takes effect at once. Every step writes an access-log row in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.administration import is_administrator
from grip.access.grants import forget_grants, grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.security import SecurityEvent, record_security_event
from grip.network.models import (
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    OrganisationKind,
    Programme,
    Role,
)


def coordinated_programme_ids(user: Any) -> frozenset[int]:
    grants = grants_for(user)
    return frozenset(
        pid for pid in grants.programme_ids if Role.COORDINATOR in grants.roles_in(pid)
    )


def may_manage_memberships(user: Any) -> bool:
    """Sees the memberships screen: administrators, and coordinators (for their programmes)."""
    return is_administrator(user) or bool(coordinated_programme_ids(user))


def requests_visible_to(user: Any) -> QuerySet[MembershipRequest]:
    requests = MembershipRequest.objects.select_related(
        "user", "organisation", "requested_by", "decided_by"
    ).prefetch_related("programmes")
    if is_administrator(user):
        return requests
    coordinated = sorted(coordinated_programme_ids(user))
    return requests.filter(pk__in=requests.filter(programmes__in=coordinated).values("pk"))


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(active=True).select_related("user", "organisation")
    if not is_administrator(user):
        coordinated = sorted(coordinated_programme_ids(user))
        memberships = memberships.filter(
            pk__in=Membership.objects.filter(programmes__in=coordinated).values("pk")
        )
    return memberships.prefetch_related("programmes")


def may_decide(user: Any, request: MembershipRequest) -> bool:
    """Four eyes: someone other than the one who asked and the one it is for."""
    if not request.is_pending or user.pk in (request.requested_by_id, request.user_id):
        return False
    if is_administrator(user):
        return True
    wanted = {p.pk for p in request.programmes.all()}
    return bool(wanted) and wanted <= coordinated_programme_ids(user)


def may_revoke(user: Any, membership: Membership) -> bool:
    if is_administrator(user):
        return True
    programmes = {p.pk for p in membership.programmes.all()}
    return bool(programmes) and programmes <= coordinated_programme_ids(user)


def describe(
    user: Any, organisation: Organisation, role: str, programmes: Iterable[Programme]
) -> str:
    """For the access log: who gets which role where (no person data: staff only)."""
    slugs = ",".join(sorted(p.slug for p in programmes)) or "-"
    return f"user={user.get_username()} role={role} org={organisation.slug} programmes={slugs}"


def request_membership(
    actor: Any,
    *,
    user: Any,
    organisation: Organisation,
    role: str,
    programmes: Iterable[Programme],
    reason: str,
) -> MembershipRequest:
    if not is_administrator(actor):
        raise PermissionDenied
    programmes = list(programmes)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Geef aan waarom deze medewerker deze rol krijgt.")
    if role == Role.POLICE_OFFICER and organisation.kind != OrganisationKind.POLICE:
        errors["organisation"] = _("Een politierol hoort bij een politieorganisatie.")
    if role != Role.ADMINISTRATOR and not programmes:
        errors["programmes"] = _("Kies de programma's waarin deze rol geldt.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = MembershipRequest.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            reason=reason.strip(),
            requested_by=actor,
        )
        request.programmes.set(programmes)
        record(
            actor,
            AccessEventAction.CREATE,
            obj=request,
            purpose="memberships:request " + describe(user, organisation, role, programmes),
        )
    return request


def decide(
    actor: Any, request: MembershipRequest, *, approve: bool, note: str = ""
) -> Membership | None:
    """Approve (the role takes effect) or reject a pending request; once."""
    with transaction.atomic():
        current = MembershipRequest.objects.select_for_update().get(pk=request.pk)
        if not current.is_pending:
            raise ValidationError(_("Over deze aanvraag is al besloten."))
        if not may_decide(actor, current):
            raise PermissionDenied
        programmes = list(current.programmes.all())
        summary = describe(current.user, current.organisation, current.role, programmes)
        membership = _grant(current, programmes) if approve else None
        current.status = (
            MembershipRequestStatus.APPROVED if approve else MembershipRequestStatus.REJECTED
        )
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.decision_note = note.strip()
        current.membership = membership
        current.save()
        if membership is not None:
            _security_event(actor, current.user, f"granted: {summary}")
        record(
            actor,
            AccessEventAction.UPDATE,
            obj=membership if membership is not None else current,
            purpose=(
                f"memberships:{'approve' if approve else 'reject'} request={current.pk} "
                f"requested_by={current.requested_by.get_username()} {summary}"
            ),
        )
    forget_grants(current.user)
    return membership


def _security_event(actor: Any, account: Any, detail: str) -> None:
    """A change of someone's rights is also a security event, which the privacy officer finds
    beside failed logins and lock-outs (issue 22, finding 13)."""
    record_security_event(
        SecurityEvent.MEMBERSHIP_CHANGED, actor=actor, account=account, detail=detail[:200]
    )


def _grant(request: MembershipRequest, programmes: list[Programme]) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=request.user, organisation=request.organisation, role=request.role
    )
    if not created and not membership.active:
        # Reactivated: only the programmes asked for now, not those of before.
        membership.programmes.clear()
        membership.active = True
        membership.save(update_fields=["active"])
    membership.programmes.add(*programmes)
    return membership


def revoke_membership(actor: Any, membership: Membership, reason: str) -> Membership:
    """Lowering rights needs no second pair of eyes: it takes effect at once (and ends the
    user's sessions, ``grip.accounts.signals``)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom deze rol vervalt.")})
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if not may_revoke(actor, current):
            raise PermissionDenied
        if not current.active:
            raise ValidationError(_("Dit lidmaatschap is al ingetrokken."))
        current.active = False
        current.save(update_fields=["active"])
        summary = describe(
            current.user, current.organisation, current.role, current.programmes.all()
        )
        record(
            actor,
            AccessEventAction.UPDATE,
            obj=current,
            purpose=f"memberships:revoke {summary} reason={reason.strip()}",
        )
        _security_event(actor, current.user, f"revoked: {summary}")
    forget_grants(current.user)
    return current
