"""A response's history in words, as the page shows the fields themselves.

A revision stores its changes as ``describe_changes`` writes them: vocabulary codes,
organisation slugs, user names and ISO times in UTC, so that the history stays exact whatever
labels change later. On the page each value is shown the way the response's own fields are:
a term by its label in the user's language, a partner by its name, a care professional by
name, a time in the Netherlands' time zone, yes or no, and "onbekend" for no answer. The
labels are looked up once for all revisions on the page (three queries at most).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grip.network.models import Organisation
from grip.triage.models import Response, ResponseRevision
from grip.vocab.models import Term

HIDDEN = "…"  # a change of the care notes, for a viewer without care rights
NOTHING = "—"


def readable_history(
    revisions: Iterable[ResponseRevision], show_notes: bool
) -> list[dict[str, Any]]:
    """One entry per revision: the revision and its changes as (field, old, new) in words."""
    revisions = list(revisions)
    labels = _Labels.of(revisions)
    return [
        {
            "revision": revision,
            "changes": [
                _change(name, old, new, labels, show_notes)
                for name, (old, new) in revision.changes.items()
            ],
        }
        for revision in revisions
    ]


def _change(name: str, old: Any, new: Any, labels: _Labels, show_notes: bool) -> dict[str, Any]:
    field = _field(name)
    if field is None:  # a field the model no longer has: shown as stored
        return {"field": name, "old": _plain(old), "new": _plain(new)}
    if name == "notes" and not show_notes:
        return {"field": field.verbose_name, "old": HIDDEN, "new": HIDDEN}
    return {
        "field": field.verbose_name,
        "old": labels.word(field, old),
        "new": labels.word(field, new),
    }


def _field(name: str) -> models.Field[Any, Any] | None:
    try:
        field = Response._meta.get_field(name)
    except FieldDoesNotExist:  # an old revision may name a field the model no longer has
        return None
    return field if isinstance(field, models.Field) else None


def _vocabulary(field: models.Field[Any, Any]) -> str | None:
    if field.related_model is not Term:
        return None
    limit = field.remote_field.limit_choices_to  # type: ignore[union-attr]
    return limit.get("vocabulary") if isinstance(limit, dict) else None


def _values(stored: Any) -> list[Any]:
    if stored is None or stored == "":
        return []
    return list(stored) if isinstance(stored, list) else [stored]


class _Labels:
    """The words for the codes, slugs and user names that the revisions mention."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, str], str] = {}
        self.organisations: dict[str, str] = {}
        self.users: dict[str, str] = {}

    @classmethod
    def of(cls, revisions: list[ResponseRevision]) -> _Labels:
        labels = cls()
        codes: dict[str, set[str]] = defaultdict(set)
        slugs: set[str] = set()
        usernames: set[str] = set()
        for revision in revisions:
            for name, pair in revision.changes.items():
                field = _field(name)
                if field is None:
                    continue
                values = {str(v) for stored in pair for v in _values(stored)}
                vocabulary = _vocabulary(field)
                if vocabulary is not None:
                    codes[vocabulary] |= values
                elif field.related_model is Organisation:
                    slugs |= values
                elif field.related_model is get_user_model():
                    usernames |= values
        if codes:
            wanted = models.Q()
            for vocabulary, vocabulary_codes in codes.items():
                wanted |= models.Q(vocabulary=vocabulary, code__in=sorted(vocabulary_codes))
            for term in Term.objects.filter(wanted):
                labels.terms[(term.vocabulary, term.code)] = term.display_label
        if slugs:
            labels.organisations = dict(
                Organisation.objects.filter(slug__in=sorted(slugs)).values_list("slug", "name")
            )
        if usernames:
            user_model = get_user_model()
            for user in user_model.objects.filter(username__in=sorted(usernames)):
                labels.users[user.get_username()] = user.get_full_name() or user.get_username()
        return labels

    def word(self, field: models.Field[Any, Any], stored: Any) -> str:
        if isinstance(field, models.BooleanField):
            return {True: _("ja"), False: _("nee")}.get(stored, _("onbekend"))
        values = _values(stored)
        if not values:
            return NOTHING
        vocabulary = _vocabulary(field)
        if vocabulary is not None:
            words = [self.terms.get((vocabulary, str(code)), str(code)) for code in values]
        elif field.related_model is Organisation:
            words = [self.organisations.get(str(slug), str(slug)) for slug in values]
        elif field.related_model is get_user_model():
            words = [self.users.get(str(name), str(name)) for name in values]
        elif isinstance(field, models.DateTimeField):
            words = [_moment(value) for value in values]
        elif field.choices:
            choices = dict(field.flatchoices)
            words = [str(choices.get(value, value)) for value in values]
        else:
            words = [str(value) for value in values]
        return ", ".join(words)


def _moment(stored: Any) -> str:
    """An ISO time as the page shows times: local, day and month in words."""
    try:
        moment = dt.datetime.fromisoformat(str(stored))
    except ValueError:
        return str(stored)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return formats.date_format(timezone.localtime(moment), "j b Y H:i")


def _plain(stored: Any) -> str:
    values = _values(stored)
    return ", ".join(str(value) for value in values) if values else NOTHING
