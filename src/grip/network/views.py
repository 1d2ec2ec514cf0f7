"""Home, a programme's page and its partner directory."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grip.access.grants import grants_for
from grip.access.scoping import get_visible_or_404
from grip.network.models import Partner, Programme


def _my_programmes(request: HttpRequest) -> QuerySet[Programme]:
    return Programme.objects.filter(pk__in=sorted(grants_for(request.user).programme_ids))


def home(request: HttpRequest) -> HttpResponse:
    programmes = _my_programmes(request).prefetch_related("areas")
    grants = grants_for(request.user)
    rows = [(p, sorted(grants.roles_in(p.pk))) for p in programmes]
    return render(request, "network/home.html", {"programme_rows": rows})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(
        _my_programmes(request).prefetch_related("areas", "municipalities"), slug=slug
    )
    roles = sorted(grants_for(request.user).roles_in(programme.pk))
    return render(
        request, "network/programme_detail.html", {"programme": programme, "roles": roles}
    )


def partner_directory(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(
        _my_programmes(request).prefetch_related(
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
