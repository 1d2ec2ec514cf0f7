"""The figures of the factsheet section "Ervaren regie en veiligheid" (definitions v1,
docs/indicators.md), as aggregate SQL over the programme's answers.

The unit is an *asking*: one answer row (answered, declined, or could not be asked) of the
person themselves, counted in the period of its local date. Relatives' answers are counted
apart. Nothing is dropped: "wil niet antwoorden", "kon niet gevraagd worden" and "too many
items open" are cells of their own in every distribution.

Improvement is measured on pairs: a closure answer in the period, and the same person's
earliest answered start answer in the programme before it. Control improved when the closure
score is higher than the start score; safety (at home, in the neighbourhood) when the closure
mark is higher. Shares are over the pairs that have both values, with the counts beside them.
A pair shows an association with the work, not its effect: the "note" says so.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from grip.experience import scoring
from grip.experience.models import (
    AnswerStatus,
    ExperienceAnswer,
    ExperienceStory,
    Moment,
    RelativeSupport,
    Respondent,
)
from grip.network.models import Programme

DEFINITIONS = "v1"
NOTE = (
    "Samenhang, geen bewijs: of mensen zich bij het afsluiten meer in regie of veiliger "
    "voelen dan bij de start hangt ook af van veel buiten het programma."
)
SAFETY_FIELDS = ("safety_home", "safety_neighbourhood")


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def answers_in(
    programme: Programme | None, date_from: dt.date, date_to: dt.date
) -> QuerySet[ExperienceAnswer]:
    """Every asking of the period, of one programme or (``None``) of all together."""
    start, end = _bounds(date_from, date_to)
    found = ExperienceAnswer.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
    return found if programme is None else found.filter(programme=programme)


def _answered() -> Q:
    return Q(status=AnswerStatus.ANSWERED)


def _distribution_aggregates(prefix: str, base: Q) -> dict[str, Any]:
    """Per moment (``base`` selects its askings): control bands, the safety bands, and the
    two non-answers; conditional counts, so every moment is counted in the same pass."""
    aggregates: dict[str, Any] = {
        f"{prefix}_asked": Count("pk", filter=base),
        f"{prefix}_declined": Count("pk", filter=base & Q(status=AnswerStatus.DECLINED)),
        f"{prefix}_not_asked": Count("pk", filter=base & Q(status=AnswerStatus.NOT_ASKED)),
        f"{prefix}_incomplete": Count(
            "pk", filter=base & _answered() & Q(mastery_score__isnull=True)
        ),
    }
    for name, low, high in scoring.BANDS:
        aggregates[f"{prefix}_control_{name}"] = Count(
            "pk", filter=base & Q(mastery_score__gte=low, mastery_score__lte=high)
        )
    for field in SAFETY_FIELDS:
        aggregates[f"{prefix}_{field}_unknown"] = Count(
            "pk", filter=base & _answered() & Q(**{f"{field}__isnull": True})
        )
        for name, low, high in scoring.SAFETY_BANDS:
            aggregates[f"{prefix}_{field}_{name}"] = Count(
                "pk", filter=base & Q(**{f"{field}__gte": low, f"{field}__lte": high})
            )
    return aggregates


def _cell(count: int) -> dict[str, Any]:
    return {"count": count}


def _distribution(totals: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Each group's cells add up to the askings of the moment (for complementary
    suppression): the bands, the answered-but-open cell, and the two non-answers."""
    non_answers = {
        "declined": _cell(totals[f"{prefix}_declined"]),
        "not_asked": _cell(totals[f"{prefix}_not_asked"]),
    }
    control = {name: _cell(totals[f"{prefix}_control_{name}"]) for name, _l, _h in scoring.BANDS}
    control["incomplete"] = _cell(totals[f"{prefix}_incomplete"])
    figure: dict[str, Any] = {
        "asked": totals[f"{prefix}_asked"],
        "control": {**control, **non_answers},
    }
    for field in SAFETY_FIELDS:
        bands = {
            name: _cell(totals[f"{prefix}_{field}_{name}"]) for name, _l, _h in scoring.SAFETY_BANDS
        }
        bands["unknown"] = _cell(totals[f"{prefix}_{field}_unknown"])
        figure[field] = {**bands, **non_answers}
    return figure


PAIRS = {"control": ("mastery_score", "start_control")} | {
    field: (field, f"start_{field}") for field in SAFETY_FIELDS
}


def _with_start(answers: QuerySet[ExperienceAnswer]) -> QuerySet[ExperienceAnswer]:
    """Each asking with the person's earliest answered start values in the programme before
    it (used on the closure askings only: the pairs)."""

    def first_start(field: str) -> Subquery:
        earlier = ExperienceAnswer.objects.filter(
            programme=OuterRef("programme"),
            person=OuterRef("person"),
            respondent=Respondent.PERSON,
            moment=Moment.START,
            recorded_at__lt=OuterRef("recorded_at"),
            **{f"{field}__isnull": False},
        ).order_by("recorded_at", "pk")
        return Subquery(earlier.values(field)[:1], output_field=IntegerField())

    return answers.annotate(
        start_control=first_start("mastery_score"),
        **{f"start_{field}": first_start(field) for field in SAFETY_FIELDS},
    )


def _pair_aggregates(closing_q: Q) -> dict[str, Any]:
    """Closure askings of the period that have the value and a start value; improved =
    higher at closure."""
    aggregates: dict[str, Any] = {}
    for name, (closing, starting) in PAIRS.items():
        both = closing_q & Q(**{f"{closing}__isnull": False, f"{starting}__isnull": False})
        aggregates[f"{name}_of"] = Count("pk", filter=both)
        aggregates[f"{name}_up"] = Count("pk", filter=both & Q(**{f"{closing}__gt": F(starting)}))
    return aggregates


def _improvement(totals: dict[str, Any]) -> dict[str, Any]:
    # ``pairs`` beside (not inside) the improved cell: publication withholds a small cell
    # whole, and a count of pairs inside it would stay behind.
    return {
        name: {
            "pairs": totals[f"{name}_of"],
            "improved": {
                "count": totals[f"{name}_up"],
                "share": totals[f"{name}_up"] / totals[f"{name}_of"]
                if totals[f"{name}_of"]
                else None,
            },
        }
        for name in PAIRS
    }


def story_themes(
    programme: Programme | None, date_from: dt.date, date_to: dt.date
) -> dict[str, Any]:
    """The experience stories written in the period and their themes (stories per theme,
    most first, ties in vocabulary order). One query: a row per story and theme, counted here
    (a handful of stories; a second grouped query would cost more than it saves)."""
    start, end = _bounds(date_from, date_to)
    stories = ExperienceStory.objects.filter(written_at__gte=start, written_at__lt=end)
    if programme is not None:
        stories = stories.filter(programme=programme)
    rows = stories.values_list("pk", "themes__code", "themes__label", "themes__position").order_by()
    story_ids: set[int] = set()
    per_theme: dict[str, dict[str, Any]] = {}
    for story_id, code, label, position in rows:
        story_ids.add(story_id)
        if code is None:
            continue
        theme = per_theme.setdefault(
            code, {"code": code, "label": label, "count": 0, "position": position}
        )
        theme["count"] += 1
    ranked = sorted(per_theme.values(), key=lambda t: (-t["count"], t["position"], t["code"]))
    return {
        "stories": len(story_ids),
        "themes": [{key: t[key] for key in ("code", "label", "count")} for t in ranked],
    }


def experience_figures(
    programme: Programme | None, date_from: dt.date, date_to: dt.date
) -> dict[str, Any]:
    """The section's figures with exact counts (the monitor's publication withholds small
    cells): who was asked and answered, start and closure, improvement, relatives, stories."""
    answers = answers_in(programme, date_from, date_to)
    own = Q(respondent=Respondent.PERSON)
    relative = Q(respondent=Respondent.RELATIVE)
    # One pass over the period's askings for every count but the pairs.
    totals = _with_start(answers).aggregate(
        asked=Count("pk", filter=own),
        answered=Count("pk", filter=own & _answered()),
        declined=Count("pk", filter=own & Q(status=AnswerStatus.DECLINED)),
        not_asked=Count("pk", filter=own & Q(status=AnswerStatus.NOT_ASKED)),
        by_link=Count("pk", filter=own & Q(channel="link")),
        relatives_asked=Count("pk", filter=relative),
        relatives_answered=Count("pk", filter=relative & _answered()),
        **_distribution_aggregates(Moment.START, own & Q(moment=Moment.START)),
        **_distribution_aggregates(Moment.CLOSURE, own & Q(moment=Moment.CLOSURE)),
        **_pair_aggregates(own & _answered() & Q(moment=Moment.CLOSURE)),
    )
    support = RelativeSupport.objects.filter(on__gte=date_from, on__lte=date_to)
    if programme is not None:
        support = support.filter(trajectory__programme=programme)
    return {
        "definitions": DEFINITIONS,
        "asked": totals["asked"],
        "answered": totals["answered"],
        "declined": {"count": totals["declined"]},
        "not_asked": {"count": totals["not_asked"]},
        "by_link": {"count": totals["by_link"]},
        "start": _distribution(totals, Moment.START),
        "closure": _distribution(totals, Moment.CLOSURE),
        "improved": _improvement(totals),
        "relatives": {
            "asked": totals["relatives_asked"],
            "answered": totals["relatives_answered"],
            "support_contacts": support.count(),
        },
        **story_themes(programme, date_from, date_to),
        "note": NOTE,
    }


def monthly(programme: Programme, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    """Per month of the period (by local date): askings, answers, the two non-answers, and
    the closure pairs with their improvement in control. One grouped query."""
    rows = (
        answers_in(programme, date_from, date_to)
        .filter(respondent=Respondent.PERSON)
        .annotate(month=TruncMonth("recorded_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)))
        .values("month")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=_answered()),
            declined=Count("pk", filter=Q(status=AnswerStatus.DECLINED)),
            not_asked=Count("pk", filter=Q(status=AnswerStatus.NOT_ASKED)),
            at_start=Count("pk", filter=_answered() & Q(moment=Moment.START)),
            at_closure=Count("pk", filter=_answered() & Q(moment=Moment.CLOSURE)),
        )
        .order_by("month")
    )
    return [
        {**row, "month": row["month"].date() if hasattr(row["month"], "date") else row["month"]}
        for row in rows
    ]
