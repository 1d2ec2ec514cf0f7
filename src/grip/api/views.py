"""/api/v1/: signals and incidents in (idempotent on the exchange keys), their status out,
and a programme's figures. Every write goes through the same actions as the screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from grip.access.policy import Action, DataClass, SignalRight
from grip.access.scoping import get_visible_or_404, programmes_where
from grip.api import representations as shown
from grip.api.base import ClientView, NewestFirst
from grip.api.inbound import IncidentRow, incident_row, signal_row
from grip.api.problems import PROBLEM_JSON, Conflict, Rejected
from grip.api.serializers import (
    IncidentInSerializer,
    IncidentSerializer,
    IncidentStatusSerializer,
    ProblemSerializer,
    SignalInSerializer,
    SignalSerializer,
    SignalStatusSerializer,
)
from grip.intake.actions import IncidentData, register_incident
from grip.intake.models import Incident
from grip.monitor.indicators import factsheet
from grip.monitor.publication import suppress
from grip.monitor.views import exact_allowed
from grip.network.models import Area, Municipality, Programme
from grip.people.models import Person
from grip.people.recurrence import Scope
from grip.signalling.actions import SignalData, register_signal
from grip.signalling.exchange.rows import SignalRow
from grip.signalling.models import Signal
from grip.signalling.rights import programmes_with
from grip.triage.exchange.persons import find_persons, new_persons

M = TypeVar("M", bound=models.Model)

PROBLEMS: dict[Any, OpenApiResponse] = {
    (code, PROBLEM_JSON): OpenApiResponse(ProblemSerializer, description=description)
    for code, description in (
        (400, "Fouten per veld"),
        (401, "Geen geldig token"),
        (403, "Geen recht"),
        (404, "Niet gevonden"),
        (409, "Sleutel al gebruikt door een andere afzender"),
        (413, "Te groot"),
        (429, "Te veel verzoeken"),
    )
}


def _person(programme_id: int, person_key: str | None) -> Person | None:
    """The import's rule: the same key in a programme is the same person (grip.triage)."""
    if not person_key:
        return None
    wanted = (programme_id, person_key)
    ref = find_persons({wanted}).get(wanted) or new_persons([wanted])[wanted]
    return Person.objects.get(pk=ref.pk)


def _once(existing: Callable[[], M | None], create: Callable[[], M], actor: Any) -> tuple[M, bool]:
    """Idempotent create on the exchange key: the first result again (created False) when the
    key exists, also when a concurrent request made it between our look and our write."""
    for _attempt in range(2):
        found = existing()
        if found is not None:
            if getattr(found, "created_by_id", None) != actor.pk:
                raise Conflict()
            return found, False
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            continue  # a concurrent request took the key: read it again
        except DjangoValidationError as error:
            raise Rejected(
                [(field, message) for field, messages in error.message_dict.items()
                 for message in messages]
            ) from error  # fmt: skip
    raise Conflict()


def _require_any(programme_ids: frozenset[int]) -> None:
    if not programme_ids:
        raise PermissionDenied


class SignalList(ClientView):
    pagination_class = NewestFirst

    def get_queryset(self) -> models.QuerySet[Signal]:
        return shown.signals_for_output(
            Signal.objects.visible_to(self.request.user).filter(created_by_id=self.request.user.pk)
        )

    @extend_schema(
        summary="De signalen die deze client aanleverde",
        operation_id="signals_list",
        responses={200: SignalSerializer(many=True), **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        _require_any(programmes_with(request.user, SignalRight.VIEW))
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([shown.signal_full(s) for s in page or []])

    @extend_schema(
        summary="Een signaal aanleveren (idempotent op programme, source, signal_number)",
        operation_id="signals_create",
        request=SignalInSerializer,
        responses={201: SignalSerializer, 200: SignalSerializer, **PROBLEMS},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        _require_any(programmes_with(user, SignalRight.REGISTER))
        row = signal_row(user, request.data)
        self.log_programme = Programme.objects.get(pk=row.programme.id)

        def existing() -> Signal | None:
            return Signal.objects.filter(
                programme_id=row.programme.id, source=row.source, number=row.number
            ).first()

        signal, created = _once(existing, lambda: _register_signal(user, row), user)
        signal = shown.signals_for_output(Signal.objects.filter(pk=signal.pk)).get()
        return Response(
            shown.signal_full(signal),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _register_signal(user: Any, row: SignalRow) -> Signal:
    values = row.values
    return register_signal(
        user,
        SignalData(
            programme=Programme.objects.get(pk=row.programme.id),
            source=row.source,
            number=row.number,
            received_at=row.received_at,
            municipality=Municipality.objects.get(pk=row.municipality_id),
            area=Area.objects.get(pk=row.area_id) if row.area_id else None,
            concerns=tuple(values.get("concerns", [])),
            notes=values.get("notes", ""),
            person=_person(row.programme.id, row.person_key),
        ),
    )


class SignalDetail(ClientView):
    def get_queryset(self) -> models.QuerySet[Signal]:
        return SignalList.get_queryset(self)  # type: ignore[arg-type]

    @extend_schema(
        summary="Eén aangeleverd signaal",
        operation_id="signals_retrieve",
        responses={200: SignalSerializer, **PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        _require_any(programmes_with(request.user, SignalRight.VIEW))
        return Response(shown.signal_full(get_visible_or_404(self.get_queryset(), pk=pk)))


class SignalStatus(SignalDetail):
    @extend_schema(
        summary="De status van een aangeleverd signaal (nieuw, opgepakt, afgesloten)",
        operation_id="signals_status",
        responses={200: SignalStatusSerializer, **PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        _require_any(programmes_with(request.user, SignalRight.VIEW))
        return Response(shown.signal_status(get_visible_or_404(self.get_queryset(), pk=pk)))


def _incident_rights(user: Any, action: Action) -> frozenset[int]:
    return frozenset(programmes_where(user, DataClass.POLICE, action).values_list("pk", flat=True))


class IncidentList(ClientView):
    pagination_class = NewestFirst

    def get_queryset(self) -> models.QuerySet[Incident]:
        return shown.incidents_for_output(
            Incident.objects.visible_to(self.request.user).filter(
                created_by_id=self.request.user.pk
            )
        )

    @extend_schema(
        summary="De meldingen die deze client aanleverde",
        operation_id="incidents_list",
        responses={200: IncidentSerializer(many=True), **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        _require_any(_incident_rights(request.user, Action.VIEW))
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([shown.incident_full(i) for i in page or []])

    @extend_schema(
        summary="Een melding aanleveren (idempotent op incident_code, incident_number)",
        operation_id="incidents_create",
        request=IncidentInSerializer,
        responses={201: IncidentSerializer, 200: IncidentSerializer, **PROBLEMS},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        _require_any(_incident_rights(user, Action.CREATE))
        row = incident_row(user, request.data)
        self.log_programme = Programme.objects.get(pk=row.programme_id)

        def existing() -> Incident | None:
            return Incident.objects.filter(kind=row.code, number=row.number).first()

        incident, created = _once(existing, lambda: _register_incident(user, row), user)
        incident = shown.incidents_for_output(Incident.objects.filter(pk=incident.pk)).get()
        return Response(
            shown.incident_full(incident),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _register_incident(user: Any, row: IncidentRow) -> Incident:
    return register_incident(
        user,
        IncidentData(
            programme=Programme.objects.get(pk=row.programme_id),
            kind=row.code,
            number=row.number,
            reported_at=row.reported_at,
            municipality=Municipality.objects.get(pk=row.municipality_id),
            area=Area.objects.get(pk=row.area_id) if row.area_id else None,
            initial_ave_level=row.ave_level,
        ),
        person=_person(row.programme_id, row.person_key),
    )


class IncidentDetail(ClientView):
    def get_queryset(self) -> models.QuerySet[Incident]:
        return IncidentList.get_queryset(self)  # type: ignore[arg-type]

    @extend_schema(
        summary="Eén aangeleverde melding",
        operation_id="incidents_retrieve",
        responses={200: IncidentSerializer, **PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        _require_any(_incident_rights(request.user, Action.VIEW))
        return Response(shown.incident_full(get_visible_or_404(self.get_queryset(), pk=pk)))


class IncidentStatus(IncidentDetail):
    @extend_schema(
        summary="De status van een aangeleverde melding (nieuw, opgepakt, afgesloten)",
        operation_id="incidents_status",
        responses={200: IncidentStatusSerializer, **PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        _require_any(_incident_rights(request.user, Action.VIEW))
        return Response(shown.incident_status(get_visible_or_404(self.get_queryset(), pk=pk)))


def _date(request: Request, name: str, default: dt.date) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise Rejected([(name, _("Geef een datum als JJJJ-MM-DD."))]) from error


class ProgrammeFigures(ClientView):
    @extend_schema(
        summary="De factsheet-cijfers van een programma (gepubliceerd of exact, naar recht)",
        operation_id="programme_figures",
        parameters=[
            OpenApiParameter("from", dt.date, description="Eerste dag (standaard: 1 januari)"),
            OpenApiParameter("to", dt.date, description="Laatste dag (standaard: vandaag)"),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Factsheet-JSON, definities v1"),
            **PROBLEMS,
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        user = request.user
        programmes = programmes_where(user, DataClass.STATS, Action.VIEW)
        _require_any(frozenset(programmes.values_list("pk", flat=True)))
        try:
            programme = programmes.get(slug=slug)
        except Programme.DoesNotExist as error:
            raise Http404 from error
        self.log_programme = programme
        today = timezone.localdate()
        date_from = _date(request, "from", today.replace(month=1, day=1))
        date_to = _date(request, "to", today)
        if date_from > date_to:
            raise Rejected([("from", _("De begindatum ligt na de einddatum."))])
        figures = factsheet(Scope(programme, date_from, date_to))
        figures["made_at"] = timezone.localtime().isoformat(timespec="seconds")
        if not exact_allowed(user, programme):
            figures = suppress(figures)
        return Response(figures)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@schema(None)
def unknown(request: Request, rest: str = "") -> Response:
    """Any other path under /api/v1/: a problem, not the screens' HTML page."""
    raise NotFound()
