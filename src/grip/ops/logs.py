"""One JSON line per request and per background task, and a JSON format for every other line.

What a line may hold is fixed here: ids (request, user, task), the acting organisation's slug,
the URL *pattern* (``betrokkenen/<str:display_key>/tijdlijn/``, never the path or query string,
which may carry keys or search terms), the view name, status, duration. No person data is put
in a line by this module; other loggers' messages are kept, but 4xx refusals are logged
without a traceback (a refused request is routine, and a traceback could quote values).
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("grip.request")
task_logger = logging.getLogger("grip.task")

# The id of the request (or task) being handled in this thread, added to every log line.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "grip_request_id", default=""
)
# A request id passed on by the proxy is kept when it looks like one (no injection into logs).
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SESSION_ORGANISATION = "grip_organisation"

# The fields a line may carry besides the standard ones (kept in this order).
FIELDS = ("event", "request_id", "method", "route", "view", "status", "duration_ms", "user_id",
          "organisation", "task", "task_id", "outcome")  # fmt: skip


class RequestIdFilter(logging.Filter):
    """Adds the current request or task id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class NoClientErrorTracebacks(logging.Filter):
    """Django logs a 403 or 404 with its exception; the request line says it already."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.request") and status is not None and status < 500:
            return False
        return not record.name.startswith("django.server")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value not in (None, ""):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line).decode()


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """The LOGGING setting: everything to standard error (journald keeps it), as JSON."""
    formatter: dict[str, Any] = {"()": JsonFormatter}
    if log_format != "json":
        formatter = {"format": "%(levelname)s %(name)s %(request_id)s %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "no_client_error_tracebacks": {"()": NoClientErrorTracebacks},
        },
        "formatters": {"grip": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "grip",
                "filters": ["request_id", "no_client_error_tracebacks"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }


class RequestLogMiddleware:
    """Outermost: gives the request an id (header ``X-Request-ID`` back) and logs one line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self._log(request, response.status_code, started)
            return response
        except Exception:
            self._log(request, 500, started)
            raise
        finally:
            current_request_id.reset(token)

    def _log(self, request: HttpRequest, status: int, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        request_logger.info(
            "request",
            extra={
                "event": "request",
                "request_id": current_request_id.get(),
                "method": request.method,
                "route": match.route if match else "",
                "view": match.view_name if match else "",
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if signed_in and user is not None else None,
                "organisation": _organisation(request) if signed_in else None,
            },
        )


def _organisation(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_ORGANISATION) if session is not None else None


def remember_organisation(request: HttpRequest, user: Any) -> None:
    """At login: the organisation of the user's first active membership, for the log lines
    (one query per login rather than one per request)."""
    from grip.network.models import Membership

    slug = (
        Membership.objects.filter(user=user, active=True)
        .order_by("pk")
        .values_list("organisation__slug", flat=True)
        .first()
    )
    request.session[SESSION_ORGANISATION] = slug


def log_task(name: str, task_id: str, outcome: str, started: float, user_id: int | None) -> None:
    task_logger.info(
        "task",
        extra={
            "event": "task",
            "task": name,
            "task_id": task_id,
            "outcome": outcome,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user_id,
        },
    )
