"""Pagination shared by the list screens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> tuple[Page[Any], str]:
    """The requested page, and the query string without ``page`` for the page links."""
    page = Paginator(queryset, settings.GRIP_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
