"""The administrator's screen for API clients: create (the secret is shown once), approve
(another administrator: four eyes), rotate the secret, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.access.administration import is_administrator
from grip.api import actions
from grip.api.forms import ApiClientForm
from grip.api.models import ApiClient


def _require_administrator(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def _show_secret(request: HttpRequest, new: actions.NewSecret) -> HttpResponse:
    return render(request, "api/client_secret.html", {"client": new.client, "secret": new.secret})


@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    clients = ApiClient.objects.select_related("organisation", "created_by").prefetch_related(
        "programmes"
    )
    return render(request, "api/clients.html", {"clients": clients, "me": request.user.pk})


@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    posted = request.method == "POST"
    form = ApiClientForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            new = actions.create_client(
                request.user, name=data["name"], organisation=data["organisation"],
                programmes=data["programmes"], roles=data["roles"], purpose=data["purpose"],
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _show_secret(request, new)
    return render(request, "api/client_form.html", {"form": form}, status=400 if posted else 200)


@require_POST
def client_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    client = get_object_or_404(ApiClient, pk=pk)
    try:
        actions.approve_client(request.user, client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Koppeling goedgekeurd: zij kan nu een token aanvragen."))
    return redirect("api_clients:list")


@require_POST
def client_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    client = get_object_or_404(ApiClient, pk=pk)
    try:
        new = actions.rotate_secret(request.user, client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("api_clients:list")
    return _show_secret(request, new)


@require_POST
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    actions.revoke_client(request.user, get_object_or_404(ApiClient, pk=pk))
    messages.success(request, _("Koppeling ingetrokken: haar tokens werken niet meer."))
    return redirect("api_clients:list")
