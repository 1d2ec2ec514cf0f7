"""The memberships screen: who holds which role, the requests for a role and their four-eyes
approval (issue 22, finding 1). Administrators ask; another administrator or the programme's
coordinator approves; memberships are never changed in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.access.administration import is_administrator
from grip.access.scoping import get_visible_or_404
from grip.network import actions
from grip.network.forms import DecisionForm, MembershipRequestForm, RevokeForm
from grip.network.models import MembershipRequestStatus

RECENT_DECISIONS = 30


def _require_manager(request: HttpRequest) -> None:
    if not actions.may_manage_memberships(request.user):
        raise PermissionDenied


@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    visible = actions.requests_visible_to(request.user)
    pending = list(visible.filter(status=MembershipRequestStatus.PENDING))
    decided = list(visible.exclude(status=MembershipRequestStatus.PENDING)[:RECENT_DECISIONS])
    memberships = list(actions.memberships_visible_to(request.user))
    return render(
        request,
        "network/memberships.html",
        {
            "pending": [(r, actions.may_decide(request.user, r)) for r in pending],
            "decided": decided,
            "memberships": [(m, actions.may_revoke(request.user, m)) for m in memberships],
            "can_request": is_administrator(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = MembershipRequestForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            actions.request_membership(
                request.user, user=data["user"], organisation=data["organisation"],
                role=data["role"], programmes=data["programmes"], reason=data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Aanvraag vastgelegd; de rol gaat in na goedkeuring door een ander.")
            )
            return redirect("memberships:list")
    return render(
        request,
        "network/membership_request_form.html",
        {"form": form},
        status=400 if posted else 200,
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    membership_request = get_visible_or_404(actions.requests_visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet opgeslagen: kies goedkeuren of afwijzen."))
        return redirect("memberships:list")
    if not actions.may_decide(request.user, membership_request):
        raise PermissionDenied
    approve = form.cleaned_data["answer"] == "approve"
    try:
        actions.decide(
            request.user, membership_request, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Goedgekeurd: de rol geldt nu.") if approve else _("Aanvraag afgewezen.")
        )
    return redirect("memberships:list")


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    membership = get_visible_or_404(actions.memberships_visible_to(request.user), pk=pk)
    if not actions.may_revoke(request.user, membership):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet opgeslagen: geef aan waarom deze rol vervalt."))
        return redirect("memberships:list")
    try:
        actions.revoke_membership(request.user, membership, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Rol ingetrokken; lopende sessies van de medewerker zijn beëindigd.")
        )
    return redirect("memberships:list")
