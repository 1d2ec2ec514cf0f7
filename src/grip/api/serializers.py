"""The shapes of the API's bodies, for the OpenAPI document and the responses.

Input is validated by the import's row parsers (``grip.api.inbound``), not by these
serializers: they describe the same fields so the contract says what is accepted.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

STATES = [("new", "new"), ("picked_up", "picked_up"), ("closed", "closed")]


class SignalInSerializer(serializers.Serializer[Any]):
    signal_number = serializers.CharField(max_length=40)
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="Broncode (vocabulaire signal_source)."
    )
    programme = serializers.SlugField()
    municipality = serializers.CharField(help_text="CBS-code, bijv. GM0014.")
    area = serializers.SlugField(required=False, allow_blank=True)
    received_at = serializers.DateTimeField(help_text="ISO 8601 met tijdzone.")
    person_key = serializers.CharField(required=False, allow_blank=True)
    concerns = serializers.ListField(child=serializers.CharField(), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class SignalStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    signal_number = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    programme = serializers.CharField()
    received_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=STATES)
    picked_up_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    result = serializers.CharField(allow_null=True)


class SignalSerializer(SignalStatusSerializer):
    municipality = serializers.CharField()
    area = serializers.CharField(allow_null=True)
    concerns = serializers.ListField(child=serializers.CharField())


class IncidentInSerializer(serializers.Serializer[Any]):
    incident_number = serializers.CharField(max_length=40)
    incident_code = serializers.CharField(help_text="E33, E14, I28 of OTHER.")
    programme = serializers.SlugField()
    municipality = serializers.CharField(help_text="CBS-code, bijv. GM0014.")
    area = serializers.SlugField(required=False, allow_blank=True)
    reported_at = serializers.DateTimeField(help_text="ISO 8601 met tijdzone.")
    ave_level = serializers.IntegerField(min_value=1, max_value=4, required=False)
    person_key = serializers.CharField(required=False, allow_blank=True)


class IncidentStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    incident_number = serializers.CharField()
    incident_code = serializers.CharField()
    programme = serializers.CharField()
    reported_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=STATES)
    picked_up_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    result = serializers.CharField(allow_null=True)


class IncidentSerializer(IncidentStatusSerializer):
    municipality = serializers.CharField()
    area = serializers.CharField(allow_null=True)
    ave_level = serializers.IntegerField(allow_null=True)


class TokenSerializer(serializers.Serializer[Any]):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()


class FieldErrorSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = FieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]
