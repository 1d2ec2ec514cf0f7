"""What every API view shares: the client's token, the rate limit, the body limit, and one
access-log row per call as the client's service user (its organisation) with its purpose."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from grip.access.log import record
from grip.access.models import AccessEventAction, AccessEventOutcome
from grip.api.authentication import ClientTokenAuthentication
from grip.api.models import ApiClient
from grip.api.problems import TooLarge
from grip.api.throttling import PerClientThrottle
from grip.network.models import Programme


def max_body_bytes() -> int:
    return int(getattr(settings, "GRIP_API_MAX_BODY_BYTES", 64 * 1024))


class NewestFirst(CursorPagination):
    ordering = "-pk"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class ClientView(GenericAPIView[Any]):
    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [PerClientThrottle]
    #: set by a view when the call concerns one programme (for the access-log row)
    log_programme: Programme | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > max_body_bytes():
            raise TooLarge()
        super().initial(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        client = request.auth
        if isinstance(client, ApiClient):
            self._log(request, client, response.status_code)
        return response

    def _log(self, request: Request, client: ApiClient, status_code: int) -> None:
        object_id = str(self.kwargs.get("pk", ""))
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            action = AccessEventAction.CREATE
        else:
            action = AccessEventAction.READ if object_id else AccessEventAction.SEARCH
        route = request.resolver_match.view_name if request.resolver_match else request.path
        with transaction.atomic():
            record(
                client.service_user,
                action,
                programme=self.log_programme,
                object_type=f"api:{route}",
                object_id=object_id,
                purpose=f"API {client.client_id}: {client.purpose}",
                outcome=(
                    AccessEventOutcome.ALLOWED if status_code < 400 else AccessEventOutcome.REFUSED
                ),
            )
