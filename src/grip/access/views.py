"""The privacy officer's screens (search and export the access log, review break-the-glass)
and the break-the-glass request itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.access import audit
from grip.access.actions import open_break_glass, review_break_glass
from grip.access.break_glass import duration_minutes, may_break_glass
from grip.access.export_guard import export_guard
from grip.access.forms import BreakGlassForm, LogFilterForm, ReviewForm
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, require
from grip.paging import paginate
from grip.submissions import once_per_submission


def _search(request: HttpRequest, action: Action) -> tuple[LogFilterForm, dict[str, object]]:
    require(request.user, DataClass.AUDIT, action)
    form = LogFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@require_GET
def log_search(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request, Action.VIEW)
    events = audit.filtered(audit.visible_events(request.user), filters)
    page, query = paginate(request, events)
    # Read the page before this search adds its own row, which would push one out.
    page.object_list = list(page.object_list)
    with transaction.atomic():
        # Reading the log is itself an access to person-related data.
        record(
            request.user,
            AccessEventAction.SEARCH,
            person_key=str(filters.get("person_key") or "").upper(),
            purpose=f"access:log {request.GET.urlencode()}",
        )
    return render(
        request,
        "access/log_search.html",
        {"filter_form": form, "page": page, "query": query},
    )


@never_cache
@require_GET
@export_guard
def log_export(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request, Action.EXPORT)
    if form.is_bound and not form.is_valid():
        return render(request, "access/log_search.html", {"filter_form": form}, status=400)
    events = audit.filtered(audit.visible_events(request.user, Action.EXPORT), filters)
    with transaction.atomic():
        body = audit.as_csv(events.iterator(chunk_size=2000))
        record(
            request.user,
            AccessEventAction.EXPORT,
            person_key=str(filters.get("person_key") or "").upper(),
            purpose=f"access:log-export {request.GET.urlencode()}",
        )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{audit.now_stamp()}.csv"'
    return response


@never_cache  # the reason typed must not stay in a cache
@require_http_methods(["GET", "POST"])
@once_per_submission
def break_glass(request: HttpRequest) -> HttpResponse:
    if not may_break_glass(request.user):
        raise PermissionDenied
    # Bound on every POST, also an empty one, so that it comes back with its errors (400).
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["person_key"]
        open_break_glass(request.user, key, form.cleaned_data["reason"])
        messages.warning(
            request,
            _(
                "Noodtoegang tot %(key)s geldt %(minutes)s minuten en wordt door de "
                "privacyfunctionaris beoordeeld."
            )
            % {"key": key, "minutes": duration_minutes()},
        )
        return redirect("people:person_detail", display_key=key)
    return render(
        request,
        "access/break_glass.html",
        {"form": form, "minutes": duration_minutes()},
        status=400 if form.is_bound else 200,
    )


@require_GET
def break_glass_list(request: HttpRequest) -> HttpResponse:
    require(request.user, DataClass.AUDIT, Action.VIEW)
    grants = audit.visible_break_glass(request.user)
    if request.GET.get("status") != "all":
        grants = grants.filter(reviewed_at__isnull=True)
    page, query = paginate(request, grants)
    with transaction.atomic():
        record(request.user, AccessEventAction.SEARCH, purpose="access:break-glass-list")
    return render(
        request,
        "access/break_glass_list.html",
        {"page": page, "query": query, "show_all": request.GET.get("status") == "all"},
    )


@require_POST
def break_glass_review(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, DataClass.AUDIT, Action.VIEW)
    grant = get_visible_or_404(audit.visible_break_glass(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid() or grant.reviewed_at is not None:
        messages.error(request, _("Niet opgeslagen: vul een beoordeling in."))
    else:
        review_break_glass(request.user, grant, form.cleaned_data["note"])
        messages.success(request, _("De noodtoegang is beoordeeld."))
    return redirect("access:break_glass_list")
