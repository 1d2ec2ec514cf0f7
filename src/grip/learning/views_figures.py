"""The learning pages over a period: top threes, bottlenecks for the agenda, what works."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.learning import actions
from grip.learning.bottlenecks import bottlenecks
from grip.learning.forms import PeriodForm, PlanForm
from grip.learning.models import LearningCycle
from grip.learning.planning import current_cycle
from grip.learning.pseudonymity import validate_pseudonymous
from grip.learning.rights import can_facilitate, can_see_figures, can_view_learning
from grip.learning.topthrees import theme_counts, wordings_for
from grip.learning.views import posted, programme_for
from grip.learning.whatworks import what_works
from grip.network.models import Programme
from grip.people.recurrence import Scope
from grip.submissions import once_per_submission
from grip.vocab.models import Term, Vocabulary

DEFAULT_DAYS = 365


def period_of(request: HttpRequest, programme: Programme) -> tuple[PeriodForm, Scope, str]:
    """The period asked for: a cycle, or dates; by default the current cycle, else the last
    year. Returns the form to show, the scope and a label of the period."""
    form = PeriodForm(request.GET or None, programme=programme)
    cycle: LearningCycle | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    if form.is_bound and form.is_valid():
        cycle = form.cleaned_data["cycle"]
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    elif not form.is_bound:
        cycle = current_cycle(programme)
    if cycle is not None:
        date_from, date_to = cycle.starts_on, cycle.ends_on
    today = timezone.localdate()
    date_to = date_to or today
    date_from = date_from or date_to - dt.timedelta(days=DEFAULT_DAYS - 1)
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    label = cycle.label if cycle else ""
    if not form.is_bound:
        form = PeriodForm(
            initial={"cycle": cycle, "date_from": date_from, "date_to": date_to},
            programme=programme,
        )
    return form, Scope(programme, date_from, date_to), label


def _can_view_top_threes(user: Any, programme_id: int) -> bool:
    return can_view_learning(user, programme_id)


@once_per_submission
def top_threes(request: HttpRequest, slug: str) -> HttpResponse:
    """The themes counted per session, the top three of each kind marked, and (for the
    facilitator) the one-line wording of each top theme for this period."""
    programme = programme_for(request, slug, _can_view_top_threes)
    form, scope, label = period_of(request, programme)
    facilitates = can_facilitate(request.user, programme.pk)
    if request.method == "POST":
        if not facilitates:
            raise PermissionDenied
        _save_wordings(request, programme, scope)
        messages.success(request, _("Formuleringen opgeslagen."))
        return redirect(request.get_full_path())
    kinds = []
    for vocabulary, title in (
        (Vocabulary.THEME_POSITIVE, _("Positieve punten in de samenwerking")),
        (Vocabulary.THEME_LEARNING, _("Leerpunten")),
    ):
        counted = theme_counts(programme, vocabulary, scope.date_from, scope.date_to)
        wordings = wordings_for(
            programme, [term.pk for term, _n in counted[:3]], scope.date_from, scope.date_to
        )
        rows = [
            (rank, term, count, wordings.get(term.pk, ""))
            for rank, (term, count) in enumerate(counted, start=1)
        ]
        kinds.append((title, rows))
    return render(
        request,
        "learning/top_threes.html",
        {"programme": programme, "form": form, "scope": scope, "label": label, "kinds": kinds,
         "facilitates": facilitates},
    )  # fmt: skip


def _save_wordings(request: HttpRequest, programme: Programme, scope: Scope) -> None:
    prefix = "wording-"
    ids = [
        int(k[len(prefix) :])
        for k in request.POST
        if k.startswith(prefix) and k[len(prefix) :].isdigit()
    ]
    terms = Term.objects.filter(
        pk__in=ids, vocabulary__in=(Vocabulary.THEME_POSITIVE, Vocabulary.THEME_LEARNING)
    )
    for term in terms:
        text = request.POST.get(f"{prefix}{term.pk}", "")[:300]
        try:
            validate_pseudonymous(text)
        except ValidationError as error:
            messages.error(request, f"{term.display_label}: {' '.join(error.messages)}")
            continue
        actions.set_wording(request.user, programme, term, scope.date_from, scope.date_to, text)


@once_per_submission
def bottleneck_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Bottlenecks with the cases behind them; the ticked cases go to a session in one go."""
    programme = programme_for(request, slug, can_facilitate)
    form, scope, label = period_of(request, programme)
    rows = bottlenecks(request.user, scope)
    picks = sorted({case.pick for row in rows for case in row.cases})
    today = timezone.localdate()
    plan = PlanForm(posted(request), programme=programme, picks=picks, today=today)
    if request.method == "POST" and plan.is_valid():
        chosen = plan.cleaned_data
        session = chosen["session"]
        reason = _("Knelpunten %(from)s – %(to)s") % {
            "from": scope.date_from.strftime("%d-%m-%Y"),
            "to": scope.date_to.strftime("%d-%m-%Y"),
        }
        if session is None:
            session = actions.plan_session(
                request.user, programme, held_on=chosen["held_on"], facilitator=request.user,
                organisations=chosen["organisations"], topic=_("Knelpunten"), picks=(),
            )  # fmt: skip
        added = actions.add_cases(request.user, session, chosen["pick"], reason=reason)
        messages.success(
            request, _("%(count)s casus(sen) op de agenda gezet.") % {"count": len(added)}
        )
        return redirect("learning:session_detail", pk=session.pk)
    # The page lists cases by pseudonymous key: a search over the programme's cases, logged
    # as the other case lists log theirs (NEN 7513).
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.SEARCH,
            programme=programme,
            purpose=f"learning:bottlenecks {scope.date_from}/{scope.date_to}",
        )
    return render(
        request,
        "learning/bottlenecks.html",
        {"programme": programme, "form": form, "scope": scope, "label": label, "rows": rows,
         "plan": plan},
        status=400 if plan.is_bound else 200,
    )  # fmt: skip


def what_works_page(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request, slug, can_see_figures)
    form, scope, label = period_of(request, programme)
    figures = what_works(request.user, scope)
    return render(
        request,
        "learning/what_works.html",
        {
            "programme": programme,
            "form": form,
            "scope": scope,
            "label": label,
            "total": figures["total"],
            "sections": [
                (_("Ervaringsdeskundige en netwerk"), figures["presence"]),
                (_("Per interventie"), figures["interventions"]),
            ],
        },
    )
