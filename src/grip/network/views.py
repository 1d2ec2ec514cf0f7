"""Home, a programme's page and its partner directory."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.network.actions import may_manage_memberships
from grip.network.models import Partner
from grip.network.panels import programme_panels


def home(request: HttpRequest) -> HttpResponse:
    programmes = member_programmes(request.user).prefetch_related("areas")
    grants = grants_for(request.user)
    rows = [(p, sorted(grants.roles_in(p.pk))) for p in programmes]
    return render(
        request,
        "network/home.html",
        {"programme_rows": rows, "can_manage_memberships": may_manage_memberships(request.user)},
    )


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(
        member_programmes(request.user).prefetch_related("areas", "municipalities"), slug=slug
    )
    grants = grants_for(request.user)
    return render(
        request,
        "network/programme_detail.html",
        {
            "programme": programme,
            "roles": sorted(grants.roles_in(programme.pk)),
            "can_register_here": grants.can(DataClass.POLICE, Action.CREATE, programme.pk),
            "panels": programme_panels(request, programme),
        },
    )


def partner_directory(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(
        member_programmes(request.user).prefetch_related(
            Prefetch(
                "partner_set",
                queryset=Partner.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        ),
        slug=slug,
    )
    return render(request, "network/partner_directory.html", {"programme": programme})
