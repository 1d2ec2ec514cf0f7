"""Monitor screens: the factsheet (page and PDF), the comparison and the dashboard.

Rights come from the policy's ``stats`` data class, per programme:

- view: the factsheet and the comparison, as published (small cells withheld);
- export: the same with exact counts, the PDF download (logged as an export) and the
  dashboard (exact monthly counts): coordinators and analysts;
- change: the factsheet's "Wist je dat …" items (the coordinator).

A programme outside the user's stats programmes is a 404; no stats right at all is a 403.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where, require
from grip.experience.indicators import monthly as experience_monthly
from grip.monitor import charts, trends
from grip.monitor.actions import can_edit_notes
from grip.monitor.compare import compare, shown_parts
from grip.monitor.forms import CompareForm, ScopeForm, default_period, period_presets
from grip.monitor.indicators import DEFINITIONS, factsheet
from grip.monitor.publication import suppress, threshold
from grip.monitor.sheet import build_sheet, period_label
from grip.monitor.signal_indicators import RESPONSES, SIGNALS, factsheet_parts
from grip.monitor.signal_trends import result_codes
from grip.network.models import Programme
from grip.pdf import render_pdf


def exact_allowed(user: Any, programme: Programme) -> bool:
    return grants_for(user).can(DataClass.STATS, Action.EXPORT, programme.pk)


def _stats_programmes(request: HttpRequest, action: Action) -> QuerySet[Programme]:
    """The programmes the screen may show; 403 without any, 404 for a programme asked for
    outside them (before the form validates, so its existence does not leak)."""
    require(request.user, DataClass.STATS, action)
    programmes = programmes_where(request.user, DataClass.STATS, action)
    slug = request.GET.get("programme")
    if slug:
        get_visible_or_404(programmes, slug=slug)
    return programmes


def _initial(programmes: QuerySet[Programme]) -> dict[str, Any]:
    date_from, date_to = default_period(timezone.localdate())
    first = programmes.first()
    return {"programme": first.slug if first else None, "date_from": date_from, "date_to": date_to}


def _bound(request: HttpRequest, programmes: QuerySet[Programme]) -> ScopeForm:
    if "programme" in request.GET:
        return ScopeForm(request.GET, programmes=programmes)
    return ScopeForm(initial=_initial(programmes), programmes=programmes)


@require_GET
def factsheet_page(request: HttpRequest) -> HttpResponse:
    programmes = _stats_programmes(request, Action.VIEW)
    form = _bound(request, programmes)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        scope = form.scope()
        programme = scope.programme
        assert programme is not None
        exact = exact_allowed(request.user, programme)
        sheet = build_sheet(programme, scope, published=not exact)
        context.update(
            sheet=sheet,
            exact=exact,
            query=request.GET.urlencode(),
            can_edit_notes=can_edit_notes(request.user, programme),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "monitor/factsheet.html", context, status=status)


@require_GET
def factsheet_pdf(request: HttpRequest) -> HttpResponse:
    programmes = _stats_programmes(request, Action.EXPORT)
    form = ScopeForm(request.GET, programmes=programmes)
    if not form.is_valid():
        return render(request, "monitor/factsheet.html", {"form": form}, status=400)
    scope = form.scope()
    assert scope.programme is not None
    sheet = build_sheet(scope.programme, scope, published=True)
    pdf = render_pdf(print_html(sheet))
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.EXPORT,
            programme=scope.programme,
            purpose=f"factsheet pdf {scope.programme.slug} {scope.date_from}..{scope.date_to}",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"factsheet-{scope.programme.slug}-{scope.date_from}-{scope.date_to}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def print_html(sheet: Any) -> str:
    """The complete printable document (PDF and ``factsheet --format html``)."""
    return render_to_string(
        "monitor/factsheet_print.html", {"sheet": sheet, "definitions": DEFINITIONS}
    )


@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    programmes = _stats_programmes(request, Action.VIEW)
    chosen = programmes.filter(slug=request.GET.get("programme", "")).first() or programmes.first()
    presets = period_presets(chosen, timezone.localdate())
    # A link that names only the programme (the factsheet's) opens the form with its default
    # periods, not with errors about periods nobody has chosen yet.
    if set(request.GET) - {"programme"}:
        form = CompareForm(request.GET, programmes=programmes, presets=presets)
    else:
        initial = {"programme": chosen.slug if chosen else None}
        if len(presets) > 2:
            initial.update(a_preset=presets[1][0], b_preset=presets[0][0])
        form = CompareForm(initial=initial, programmes=programmes, presets=presets)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        scope_a, scope_b = form.scopes()
        programme = scope_a.programme
        assert programme is not None
        exact = exact_allowed(request.user, programme)
        limit = threshold()
        # The comparison does not show the experience section: not counted for it.
        a, b = factsheet(scope_a, experience=False), factsheet(scope_b, experience=False)
        if not exact:
            a, b = suppress(a, limit), suppress(b, limit)
        context.update(
            programme=programme,
            exact=exact,
            lines=compare(a, b, limit),
            shows_responses=RESPONSES in shown_parts(a, b),
            label_a=period_label(scope_a.date_from, scope_a.date_to),
            label_b=period_label(scope_b.date_from, scope_b.date_to),
            tops=[
                (title, a[key], b[key])
                for key, title in (
                    ("top_risks", "risks"),
                    ("top_interventions", "interventions"),
                    ("top_bottlenecks", "bottlenecks"),
                )
            ],
            limit=limit,
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "monitor/compare.html", context, status=status)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    programmes = _stats_programmes(request, Action.EXPORT)
    form = _bound(request, programmes)
    if not form.is_bound:
        today = timezone.localdate()
        initial = dict(form.initial)
        initial["date_from"] = today.replace(year=today.year - 1, day=1)
        initial["date_to"] = today
        form = ScopeForm(_as_query(initial), programmes=programmes)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        scope = form.scope()
        rows = trends.monthly(scope)
        codes = result_codes()
        parts = factsheet_parts(
            scope, sum(row.situations for row in rows), sum(row.signals.received for row in rows)
        )
        context.update(
            scope=scope,
            rows=rows,
            snapshot=trends.snapshot(scope),
            charts={**_dashboard_charts(rows), **_signal_charts(rows, codes)},
            safety_rows=[_safety_row(row) for row in rows],
            period=period_label(scope.date_from, scope.date_to),
            shows_responses=RESPONSES in parts,
            shows_signals=SIGNALS in parts,
            result_labels=[label for _, label, _ in codes],
            signal_rows=[_signal_row(row, codes) for row in rows],
            experience_rows=_experience_rows(scope, rows),
        )
    status = 400 if not form.is_valid() else 200
    return render(request, "monitor/dashboard.html", context, status=status)


def _experience_rows(scope: Any, rows: list[trends.MonthRow]) -> list[dict[str, Any]]:
    """Experienced control and safety per month of the dashboard (ADR 0110): every month,
    also one without askings, so the table reads as the others."""
    found = {
        (row["month"].year, row["month"].month): row
        for row in experience_monthly(scope.programme, scope.date_from, scope.date_to)
    }
    empty = dict.fromkeys(
        ("asked", "answered", "declined", "not_asked", "at_start", "at_closure"), 0
    )
    return [{"label": row.label, **found.get(row.key, empty)} for row in rows]


def _safety_row(row: trends.MonthRow) -> dict[str, Any]:
    values: list[int] = []
    for group in (row.safety_person, row.safety_surroundings):
        values += [
            group.get("reasonable", 0) + group.get("full", 0),
            group.get("none", 0) + group.get("limited", 0),
            group.get("unknown", 0),
        ]
    return {"label": row.label, "values": values}


def _signal_row(row: trends.MonthRow, codes: list[tuple[str, str, int]]) -> dict[str, Any]:
    month = row.signals
    share = month.in_time_share
    return {
        "label": row.label,
        "received": month.received,
        "in_time": month.in_time,
        "in_time_share": "" if share is None else f"{round(share * 100)}%",
        "results": [month.results.get(code, 0) for code, _, _ in codes],
        "open": month.open,
    }


def _signal_charts(
    rows: list[trends.MonthRow], codes: list[tuple[str, str, int]]
) -> dict[str, charts.Chart]:
    from django.utils.translation import gettext as _

    labels = [row.label for row in rows]
    return {
        "signals": charts.lines(
            labels,
            [
                (_("ontvangen"), [r.signals.received for r in rows]),
                (_("op tijd opgepakt"), [r.signals.in_time for r in rows]),
            ],
            _("Signalen per maand: ontvangen en op tijd opgepakt; de tabel geeft de aantallen."),
        ),
        "signal_results": charts.bars(
            labels,
            [(label, [r.signals.results.get(code, 0) for r in rows]) for code, label, _ in codes]
            + [(_("nog open"), [r.signals.open for r in rows])],
            _("Resultaat van de signalen per maand van ontvangst (gestapeld)."),
            stacked=True,
        ),
    }


def _as_query(values: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        if value is not None:
            query[key] = str(value)
    return query


def _dashboard_charts(rows: list[trends.MonthRow]) -> dict[str, charts.Chart]:
    from django.utils.translation import gettext as _

    labels = [row.label for row in rows]
    share = lambda v: None if v is None else round(v * 100)  # noqa: E731
    return {
        "situations": charts.lines(
            labels,
            [(_("situaties"), [r.situations for r in rows])],
            _("Situaties per maand; de tabel eronder geeft dezelfde aantallen."),
        ),
        "ave": charts.bars(
            labels,
            [
                (_("AVE %(level)s") % {"level": lvl}, [r.ave.get(lvl, 0) for r in rows])
                for lvl in "1234"
            ]
            + [(_("onbekend"), [r.ave.get("unknown", 0) for r in rows])],
            _("AVE-niveaus per maand (gestapeld); de tabel eronder geeft de aantallen."),
            stacked=True,
        ),
        "safety": charts.lines(
            labels,
            [
                (_("persoon"), [share(r.safe_share("person")) for r in rows]),
                (_("omgeving"), [share(r.safe_share("surroundings")) for r in rows]),
            ],
            _("Aandeel redelijk of volledig veilig bij vertrek per maand, in procenten."),
        ),
        "police": charts.lines(
            labels,
            [(_("agenten × minuten"), [r.police_minutes for r in rows])],
            _("Politie-inzet per maand in agenten × minuten."),
        ),
        "care": charts.lines(
            labels,
            [(_("mediaan dagen"), [r.care_median_days for r in rows])],
            _("Mediaan tijd tot zorg per maand, in dagen."),
        ),
        "repeat": charts.lines(
            labels,
            [(_("personen met 2+ situaties"), [r.repeat_persons for r in rows])],
            _("Personen met twee of meer situaties in de maand."),
        ),
    }
