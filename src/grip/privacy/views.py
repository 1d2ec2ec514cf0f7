"""The privacy officer's subject access request: the report and the export of all data."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import require
from grip.accounts.freshness import fresh_second_factor_required
from grip.paging import paginate
from grip.privacy import subject


@require_GET
def subject_report(request: HttpRequest, display_key: str) -> HttpResponse:
    require(request.user, DataClass.AUDIT, Action.VIEW)
    person = subject.subject_for(request.user, display_key)
    summary = subject.access_summary(person)
    page, query = paginate(request, subject.access_events(person))
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            obj=person,
            person_key=person.display_key,
            purpose="privacy:subject-report",
        )
    return render(
        request,
        "privacy/subject_report.html",
        {
            "person": person,
            "summary": summary,
            "sharing": subject.sharing_summary(person),
            "page": page,
            "query": query,
        },
    )


@never_cache  # the export carries the decrypted identity
@require_GET
@fresh_second_factor_required
def subject_export(request: HttpRequest, display_key: str) -> HttpResponse:
    require(request.user, DataClass.AUDIT, Action.EXPORT)
    person = subject.subject_for(request.user, display_key, Action.EXPORT)
    with transaction.atomic():
        body = subject.as_json(subject.subject_data(person))
        for action in (AccessEventAction.REVEAL, AccessEventAction.EXPORT):
            record(
                request.user,
                action,
                obj=person,
                person_key=person.display_key,
                purpose="privacy:subject-export (AVG art. 15)",
            )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"inzage-{person.display_key}-{subject.stamp(timezone.now())}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
