"""Errors as ``application/problem+json`` (RFC 9457) with a Dutch title and, for rejected
input, the field-level list with the same reasons as the import's row report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from grip.triage.exchange.columns import CellError

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: gettext_lazy("Het verzoek bevat fouten."),
    401: gettext_lazy("Niet aangemeld: vraag een geldig toegangstoken aan."),
    403: gettext_lazy("U heeft geen recht op deze handeling."),
    404: gettext_lazy("Niet gevonden."),
    405: gettext_lazy("Deze methode is hier niet toegestaan."),
    406: gettext_lazy("Dit antwoordformaat wordt niet geleverd."),
    409: gettext_lazy("Dit bestaat al en is door een ander aangeleverd."),
    413: gettext_lazy("Het verzoek is te groot."),
    415: gettext_lazy("Dit formaat wordt niet aangenomen; stuur JSON."),
    429: gettext_lazy("Te veel verzoeken; probeer het later opnieuw."),
}


class Rejected(APIException):
    """Input the import would reject too: every reason, by field."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("Het verzoek bevat fouten.")

    def __init__(self, errors: list[CellError] | list[tuple[str, str]]) -> None:
        super().__init__()
        self.errors = [
            (e.column, e.reason) if isinstance(e, CellError) else (e[0], e[1]) for e in errors
        ]


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy(
        "Er bestaat al een melding met deze sleutel, van een andere afzender."
    )


class TooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("De inhoud van het verzoek is groter dan toegestaan.")


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        found: list[dict[str, str]] = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else f"{prefix}{key}"
            found += _field_errors(value, f"{name}." if name else "") or []
            if not isinstance(value, dict | list):
                found.append({"field": name, "reason": str(value)})
        return found
    if isinstance(detail, list):
        return [
            {"field": prefix.rstrip("."), "reason": str(item)}
            for item in detail
            if not isinstance(item, dict | list)
        ] + [e for item in detail if isinstance(item, dict | list) for e in _field_errors(item)]
    return []


def problem(
    status_code: int, detail: str = "", errors: list[dict[str, str]] | None = None
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Er ging iets mis."))),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status_code, content_type=PROBLEM_JSON)
    return response


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors: list[dict[str, str]] | None = None
    detail = ""
    if isinstance(exc, Rejected):
        errors = [{"field": field, "reason": reason} for field, reason in exc.errors]
    elif isinstance(exc, ValidationError):
        errors = _field_errors(exc.detail)
    elif isinstance(exc, Conflict | TooLarge):
        # Grip's own Dutch detail; DRF's built-in details are English (its catalogue is not
        # loaded, see grip.api.rest_framework_app), so for those the Dutch title says it.
        detail = str(exc.detail)
    result = problem(response.status_code, detail, errors)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
