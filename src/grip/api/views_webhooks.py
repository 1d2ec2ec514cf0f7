"""/api/v1/webhooks/: a client subscribes to what happens to the reports it sent, and reads
its delivery log. Every client may: it only ever hears about its own reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.scoping import get_visible_or_404
from grip.api.base import ClientView, NewestFirst
from grip.api.models import ApiClient, WebhookDelivery, WebhookEvent, WebhookSubscription
from grip.api.problems import Rejected
from grip.api.views import PROBLEMS
from grip.api.webhooks import new_signing_key


class SubscriptionInSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))


class SubscriptionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()


class NewSubscriptionSerializer(SubscriptionSerializer):
    signing_key = serializers.CharField(help_text="Eenmalig getoond: sleutel voor de HMAC.")


class DeliverySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    subscription = serializers.IntegerField()
    event = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    last_status_code = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField()


def _shown(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "events": subscription.event_list(),
        "active": subscription.active,
    }


def _client(request: Request) -> ApiClient:
    assert isinstance(request.auth, ApiClient)
    return request.auth


class SubscriptionList(ClientView):
    def get_queryset(self) -> models.QuerySet[WebhookSubscription]:
        return WebhookSubscription.objects.filter(client=_client(self.request), active=True)

    @extend_schema(
        summary="De webhook-abonnementen van deze client", operation_id="webhooks_list",
        responses={200: SubscriptionSerializer(many=True), **PROBLEMS},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        return Response([_shown(s) for s in self.get_queryset()])

    @extend_schema(
        summary="Abonneren op opgepakt, afgesloten of overgedragen (eigen meldingen)",
        operation_id="webhooks_create", request=SubscriptionInSerializer,
        responses={201: NewSubscriptionSerializer, **PROBLEMS},
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        incoming = SubscriptionInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        url, events = incoming.validated_data["url"], incoming.validated_data["events"]
        allow_http = getattr(settings, "GRIP_API_WEBHOOK_ALLOW_HTTP", False)
        if not url.startswith("https://") and not allow_http:
            raise Rejected([("url", _("Gebruik een https-adres."))])
        if not events:
            raise Rejected([("events", _("Kies een of meer gebeurtenissen."))])
        client = _client(request)
        with transaction.atomic():
            subscription = WebhookSubscription.objects.create(
                client=client, url=url, events=",".join(sorted(set(events))),
                signing_key=new_signing_key(),
            )  # fmt: skip
            record(
                client.service_user, AccessEventAction.CREATE, obj=subscription,
                purpose=f"API {client.client_id}: webhook",
            )  # fmt: skip
        body = {**_shown(subscription), "signing_key": subscription.signing_key}
        return Response(body, status=status.HTTP_201_CREATED)


class SubscriptionDetail(ClientView):
    def get_queryset(self) -> models.QuerySet[WebhookSubscription]:
        return WebhookSubscription.objects.filter(client=_client(self.request), active=True)

    @extend_schema(
        summary="Eén webhook-abonnement", operation_id="webhooks_retrieve",
        responses={200: SubscriptionSerializer, **PROBLEMS},
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(_shown(get_visible_or_404(self.get_queryset(), pk=pk)))

    @extend_schema(
        summary="Abonnement opzeggen", operation_id="webhooks_destroy",
        responses={204: None, **PROBLEMS},
    )  # fmt: skip
    def delete(self, request: Request, pk: int) -> Response:
        subscription = get_visible_or_404(self.get_queryset(), pk=pk)
        subscription.active = False
        subscription.save(update_fields=["active"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryList(ClientView):
    pagination_class = NewestFirst

    def get_queryset(self) -> models.QuerySet[WebhookDelivery]:
        return WebhookDelivery.objects.filter(subscription__client=_client(self.request))

    @extend_schema(
        summary="Het afleverlog van de webhooks van deze client",
        operation_id="webhook_deliveries_list",
        responses={200: DeliverySerializer(many=True), **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(
            [
                {
                    "id": d.pk,
                    "subscription": d.subscription_id,
                    "event": d.event,
                    "status": d.status,
                    "attempts": d.attempts,
                    "last_status_code": d.last_status_code,
                    "created_at": d.created_at,
                    "delivered_at": d.delivered_at,
                    "next_attempt_at": d.next_attempt_at,
                }
                for d in page
            ]
        )
