"""The factsheet's reading table: one narrow row per response with what the figures count.

A national ten-year factsheet over the registrations themselves joins 1.5 million responses
to their incidents (and trajectories, and three code lists) in every pass; on a row store
that alone is seconds per pass (ADR 0022). These tables hold the same facts already joined
and already reduced to what the v1 definitions count, so each figure is one scan of a narrow
table.

They are derived data, never edited: database triggers (``monitor.triggers``) note every
response whose facts may have changed, on every write path (forms, imports, merges,
retention, raw SQL alike), and ``monitor.refresh`` recomputes the noted responses' rows
before a factsheet is counted. No foreign keys: a fact may outlive its response until the
next refresh removes it, and facts never hold up a deletion.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from grip.network.models import Area, Programme
from grip.triage.models import Response
from grip.vocab.models import Term


def _reference(model: type[models.Model], **options: Any) -> models.ForeignKey:
    # A plain column to the database (no constraint, no cascade), a relation to the ORM so
    # the same Scope filters apply.
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **options
    )


class ResponseFact(models.Model):
    """A response as the factsheet counts it (DOMAIN.md, indicator definitions v1)."""

    response = models.OneToOneField(
        Response,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The scope: the incident's programme, area and report moment.
    programme = _reference(Programme, db_index=False)
    area = _reference(Area, null=True, db_index=False)
    reported_at = models.DateTimeField()
    # A plain number, not a relation: merges and the purge move or end whatever relates to a
    # person, and a derived row must not be among those (the incident's change marks it).
    person_id = models.BigIntegerField(null=True)
    # The response's own figures.
    ave_on_arrival = models.PositiveSmallIntegerField(null=True)
    safety_person = _reference(Term, null=True, db_index=False)
    safety_surroundings = _reference(Term, null=True, db_index=False)
    outcome = _reference(Term, null=True, db_index=False)
    police_minutes = models.IntegerField(null=True)  # null: not measured (definition v1)
    on_site_minutes = models.IntegerField(null=True)
    # Its trajectory (at most one).
    has_trajectory = models.BooleanField(default=False)
    trajectory_with_holder = models.BooleanField(default=False)
    trajectory_closed = models.BooleanField(default=False)
    to_care_minutes = models.IntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["programme", "reported_at"], name="fact_programme_time"),
            # Persons per scope: read in person order from the index, no hash of every person.
            models.Index(fields=["person_id", "reported_at"], name="fact_person_time"),
        ]

    def __str__(self) -> str:
        return f"fact of response {self.response_id}"


class CodeRelation(models.IntegerChoices):
    RISK = 0, "risks"
    INTERVENTION = 1, "interventions"
    BOTTLENECK = 2, "bottlenecks"


class CodeFact(models.Model):
    """One code recorded on a response (risk, intervention or bottleneck), with the scope."""

    response = _reference(Response)
    relation = models.PositiveSmallIntegerField(choices=CodeRelation.choices)
    term = _reference(Term, db_index=False)
    programme = _reference(Programme, db_index=False)
    area = _reference(Area, null=True, db_index=False)
    reported_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["programme", "reported_at"], name="codefact_programme_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.term_id} of response {self.response_id}"


class StaleFact(models.Model):
    """A response whose facts must be recomputed, noted by a trigger. Append-only: the
    refresh deletes exactly the marks it read, so a mark written meanwhile survives."""

    id = models.BigAutoField(primary_key=True)
    response_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"stale response {self.response_id}"
