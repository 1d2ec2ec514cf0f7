"""Four-eyes on rights (issue 22, finding 1): nobody gives themselves a role. An administrator
asks; another administrator or the programme's coordinator approves; every step, and every
change made in the admin, is in the access log; the admin itself changes no membership."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from grip.access.grants import grants_for
from grip.access.models import AccessEvent, AccessEventAction
from grip.network import actions
from grip.network.models import (
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    Programme,
    Role,
)
from tests.personas import logged_in_client, make_persona

HOTSPOT = "groninger-hotspot"


def _second_administrator() -> Any:
    user = get_user_model().objects.create_user(username="tweede-beheerder")
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="gemeente-groningen"),
        role=Role.ADMINISTRATOR,
    )
    return user


def _ask(client: Any, user: Any, role: str = Role.COORDINATOR, **extra: Any) -> Any:
    data = {
        "user": user.pk,
        "organisation": Organisation.objects.get(slug="gemeente-groningen").pk,
        "role": role,
        "programmes": [p.pk for p in Programme.objects.all()],
        "reason": "Synthetisch: nieuwe coördinator.",
        **extra,
    }
    return client.post(reverse("memberships:request_new"), data)


def _fresh(user: Any) -> Any:
    return get_user_model().objects.get(pk=user.pk)  # no cached grants


def test_the_admin_form_no_longer_gives_an_administrator_a_role(persona, hotspot) -> None:
    """The review's attack: one admin form adds a coordinator membership in every programme
    to the administrator's own account (and could make it a superuser)."""
    admin_user = persona("administrator")
    client = logged_in_client(admin_user)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    assert client.get(url).status_code == 200
    own = list(Membership.objects.filter(user=admin_user))
    data = {
        "username": admin_user.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": own[0].pk, "memberships-0-user": admin_user.pk,
        "memberships-0-organisation": own[0].organisation_id,
        "memberships-0-role": Role.ADMINISTRATOR, "memberships-0-active": "on",
        "memberships-1-user": admin_user.pk,
        "memberships-1-organisation": Organisation.objects.get(slug="gemeente-groningen").pk,
        "memberships-1-role": Role.COORDINATOR, "memberships-1-active": "on",
        "memberships-1-programmes": [p.pk for p in Programme.objects.all()],
    }  # fmt: skip
    client.post(url, data)
    admin_user = _fresh(admin_user)
    assert list(Membership.objects.filter(user=admin_user)) == own
    assert not admin_user.is_superuser
    assert grants_for(admin_user).programme_ids == frozenset()


def test_an_administrators_own_request_waits_for_someone_else(persona, hotspot) -> None:
    admin_user = persona("administrator")
    client = logged_in_client(admin_user)
    assert _ask(client, admin_user).status_code == 302
    request = MembershipRequest.objects.get()
    assert request.status == MembershipRequestStatus.PENDING
    assert grants_for(_fresh(admin_user)).programme_ids == frozenset()  # nothing yet
    # Not by the one who asked (here also the one it is for).
    decide = reverse("memberships:decide", args=[request.pk])
    assert client.post(decide, {"answer": "approve"}).status_code == 403
    with pytest.raises(actions.PermissionDenied):
        actions.decide(admin_user, request, approve=True)
    assert not Membership.objects.filter(user=admin_user, role=Role.COORDINATOR).exists()
    logged = AccessEvent.objects.get(user=admin_user, action=AccessEventAction.CREATE)
    assert logged.role == Role.ADMINISTRATOR
    assert logged.purpose.startswith("memberships:request user=persona-administrator")
    assert logged.object_type == "network.membershiprequest"


def test_another_administrator_approves_and_it_is_logged(persona, hotspot) -> None:
    admin_user, second = persona("administrator"), _second_administrator()
    _ask(logged_in_client(admin_user), persona("analyst"))
    request = MembershipRequest.objects.get()
    response = logged_in_client(second).post(
        reverse("memberships:decide", args=[request.pk]), {"answer": "approve", "note": "Ok."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (MembershipRequestStatus.APPROVED, second)
    assert Role.COORDINATOR in grants_for(_fresh(persona("analyst"))).roles_in(hotspot.pk)
    row = AccessEvent.objects.get(user=second, purpose__startswith="memberships:approve")
    assert (row.action, row.role, row.object_type) == (
        "update",
        "administrator",
        "network.membership",
    )
    assert "requested_by=persona-administrator" in row.purpose


def test_the_coordinator_of_every_programme_named_may_approve(persona, hotspot) -> None:
    admin_user = persona("administrator")
    _ask(logged_in_client(admin_user), persona("analyst"), programmes=[hotspot.pk])
    request = MembershipRequest.objects.get()
    # A coordinator elsewhere does not even see it.
    outsider = logged_in_client(persona("outsider"))
    decide = reverse("memberships:decide", args=[request.pk])
    assert outsider.post(decide, {"answer": "approve"}).status_code == 404
    # A role without the coordinator's place: refused.
    nurse = logged_in_client(persona("triage_nurse"))
    assert nurse.post(decide, {"answer": "approve"}).status_code == 403
    coordinator = logged_in_client(persona("coordinator"))
    assert (
        "Synthetisch: nieuwe coördinator."
        in coordinator.get(reverse("memberships:list")).content.decode()
    )
    assert coordinator.post(decide, {"answer": "reject"}).status_code == 302
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.REJECTED
    assert request.membership is None
    assert AccessEvent.objects.filter(
        user=persona("coordinator"), purpose__startswith="memberships:reject"
    ).exists()


def test_a_coordinator_cannot_approve_a_request_for_themselves(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    _ask(logged_in_client(persona("administrator")), coordinator, programmes=[hotspot.pk])
    request = MembershipRequest.objects.get()
    client = logged_in_client(coordinator)
    response = client.post(reverse("memberships:decide", args=[request.pk]), {"answer": "approve"})
    assert response.status_code == 403


def test_only_administrators_ask(persona, hotspot) -> None:
    coordinator = logged_in_client(persona("coordinator"))
    assert coordinator.get(reverse("memberships:request_new")).status_code == 403
    assert _ask(coordinator, persona("coordinator")).status_code == 403
    assert not MembershipRequest.objects.exists()


def test_a_wrong_request_says_what_is_wrong_in_dutch(persona, hotspot) -> None:
    client = logged_in_client(persona("administrator"))
    response = _ask(client, persona("analyst"), role=Role.POLICE_OFFICER)
    assert response.status_code == 400
    assert "Een politierol hoort bij een politieorganisatie." in response.content.decode()
    response = _ask(client, persona("analyst"), programmes=[])
    assert "Kies de programma&#x27;s waarin deze rol geldt." in response.content.decode()
    response = _ask(client, persona("analyst"), reason="")
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert not MembershipRequest.objects.exists()


def test_a_decision_is_taken_once(persona, hotspot) -> None:
    admin_user, second = persona("administrator"), _second_administrator()
    _ask(logged_in_client(admin_user), persona("analyst"))
    request = MembershipRequest.objects.get()
    actions.decide(second, request, approve=False)
    with pytest.raises(actions.ValidationError):
        actions.decide(persona("coordinator"), request, approve=True)


def test_the_database_refuses_a_decision_by_the_requester(persona, hotspot) -> None:
    admin_user = persona("administrator")
    _ask(logged_in_client(admin_user), persona("analyst"))
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipRequest.objects.update(decided_by=admin_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipRequest.objects.update(decided_by=persona("analyst"))


def test_revoking_takes_effect_at_once_and_is_logged(persona, hotspot) -> None:
    worker = persona("followup_worker")
    membership = Membership.objects.get(user=worker)
    client = logged_in_client(persona("coordinator"))
    url = reverse("memberships:revoke", args=[membership.pk])
    assert client.post(url, {"reason": ""}).status_code == 302  # refused with a message
    assert Membership.objects.get(pk=membership.pk).active
    assert client.post(url, {"reason": "Synthetisch: uit dienst."}).status_code == 302
    assert not Membership.objects.get(pk=membership.pk).active
    assert grants_for(_fresh(worker)).programme_ids == frozenset()
    row = AccessEvent.objects.get(purpose__startswith="memberships:revoke")
    assert row.user == persona("coordinator")
    assert "uit dienst" in row.purpose
    # Also a security event, where the privacy officer finds changes of rights (finding 13).
    event = AccessEvent.objects.get(action="security", object_id=str(worker.pk))
    assert "membership_changed" in event.purpose
    assert "revoked" in event.purpose


def test_an_approved_request_is_a_security_event(persona, hotspot) -> None:
    analyst = persona("analyst")
    _ask(logged_in_client(persona("administrator")), analyst)
    request = MembershipRequest.objects.get()
    logged_in_client(_second_administrator()).post(
        reverse("memberships:decide", args=[request.pk]), {"answer": "approve", "note": "Ok."}
    )
    event = AccessEvent.objects.get(action="security", object_id=str(analyst.pk))
    assert "membership_changed" in event.purpose
    assert "granted" in event.purpose


def test_admin_changes_of_users_and_settings_are_in_the_access_log(persona, hotspot) -> None:
    admin_user = persona("administrator")
    client = logged_in_client(admin_user)
    nurse = persona("triage_nurse")
    password_url = reverse("admin:auth_user_password_change", args=[nurse.pk])
    response = client.post(
        password_url,
        {"password1": "Synthetisch-wachtwoord-2026!", "password2": "Synthetisch-wachtwoord-2026!"},
    )
    assert response.status_code == 302
    row = AccessEvent.objects.get(user=admin_user, object_type="auth.user")
    assert (row.action, row.object_id, row.role) == ("update", str(nurse.pk), "administrator")
    from grip.followup.actions import settings_for

    config = settings_for(hotspot)
    url = reverse("admin:followup_followupsettings_change", args=[config.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["no_contact_days"] = 9
    data["care_contact_kinds"] = [t.pk for t in config.care_contact_kinds.all()]
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    assert client.post(url, data).status_code == 302
    assert AccessEvent.objects.filter(
        user=admin_user, object_type="followup.followupsettings", action="update"
    ).exists()
    # The privacy officer finds the administrator's rows.
    officer = logged_in_client(persona("privacy_officer"))
    page = officer.get(reverse("access:log_search"), {"user": "persona-administrator"})
    assert "auth.user" in page.content.decode()


def test_the_demo_personas_are_made_directly_not_through_a_request(reference) -> None:
    """Fixtures and the demo create memberships in code; only people go through requests."""
    user = make_persona("analyst")
    assert Membership.objects.filter(user=user).exists()
    assert not MembershipRequest.objects.exists()
