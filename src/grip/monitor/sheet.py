"""The factsheet as the templates show it: figures (exact or published) turned into rows,
sentences and charts. One builder for the screen, the HTML file and the PDF, so they cannot
drift apart. Nothing here counts: the figures come from ``indicators.factsheet``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from grip.learning.topthrees import TopThrees, reflection_top_threes
from grip.monitor import charts
from grip.monitor.experience_sheet import fill_experience
from grip.monitor.indicators import AVE_LEVELS, SAFETY_SCALE, Scope, factsheet
from grip.monitor.models import FactsheetNote
from grip.monitor.publication import suppress, threshold
from grip.monitor.signal_indicators import RESPONSES, SIGNALS
from grip.monitor.wording import safety_sentence, unknown_sentence
from grip.network.models import AveLevel, Programme
from grip.vocab.models import Term, Vocabulary


@dataclass
class Row:
    label: str
    count: str
    share: str = ""
    note: str = ""


@dataclass
class Sheet:
    programme: Programme
    scope: Scope
    figures: dict[str, Any]
    published: bool
    limit: int
    generated_at: dt.datetime
    reflection: TopThrees
    notes: list[FactsheetNote]
    rows: dict[str, Any] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    charts: dict[str, charts.Chart] = field(default_factory=dict)

    @property
    def period_label(self) -> str:
        return period_label(self.scope.date_from, self.scope.date_to)

    @property
    def shows_responses(self) -> bool:
        return RESPONSES in self.figures.get("parts", [RESPONSES])

    @property
    def shows_signals(self) -> bool:
        return SIGNALS in self.figures.get("parts", [])


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    return _("%(from)s t/m %(to)s") % {
        "from": date_from.strftime("%d-%m-%Y"),
        "to": date_to.strftime("%d-%m-%Y"),
    }


def count_text(value: Any, limit: int) -> str:
    """A count as shown: the number, ``<5`` when withheld, ``–`` when there is none."""
    if isinstance(value, dict):
        if value.get("suppressed"):
            return f"<{limit}"
        value = value.get("count")
    if value is None:
        return "–"
    return number_format(value, force_grouping=True)


def count_value(value: Any) -> int | None:
    """The number behind a count, None when withheld (charts draw a gap)."""
    if isinstance(value, dict):
        return None if value.get("suppressed") else value.get("count")
    return value if isinstance(value, int) else None


def share_text(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


def number_text(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def safety_labels() -> dict[str, str]:
    return dict(Term.objects.of(Vocabulary.SAFETY).values_list("code", "label"))


def build_sheet(
    programme: Programme,
    scope: Scope,
    *,
    published: bool,
    figures: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Sheet:
    """Everything the factsheet template shows. ``published``: small cells withheld."""
    exact = figures if figures is not None else factsheet(scope)
    limit = threshold()
    reflection = reflection_top_threes(programme, scope.date_from, scope.date_to)
    shown = suppress(exact, limit) if published else exact
    shown = dict(shown, reflection=reflection)
    notes = list(
        FactsheetNote.objects.filter(
            programme=programme, date_from=scope.date_from, date_to=scope.date_to
        ).order_by("position", "id")
    )
    sheet = Sheet(
        programme=programme,
        scope=scope,
        figures=shown,
        published=published,
        limit=limit,
        generated_at=now or timezone.now(),
        reflection=reflection,
        notes=notes,
    )
    _fill(sheet)
    return sheet


def _fill(sheet: Sheet) -> None:
    figures, limit = sheet.figures, sheet.limit
    ave = figures["ave_levels"]
    level_labels = dict(AveLevel.choices)
    sheet.rows["ave"] = [
        Row(
            _("AVE %(level)s") % {"level": level_labels[int(level)]},
            count_text(ave[level], limit),
            share_text(ave[level].get("share")),
        )
        for level in AVE_LEVELS
    ] + [Row(_("onbekend"), count_text(ave["unknown"], limit))]
    sheet.charts["ave"] = charts.pie(
        [(str(level_labels[int(level)]), count_value(ave[level])) for level in AVE_LEVELS],
        _("Verdeling over de AVE-niveaus; de tabel ernaast geeft dezelfde aantallen."),
    )
    labels = safety_labels()
    safety_rows: dict[str, list[Row]] = {}
    for subject in ("person", "surroundings"):
        group = figures["safety"][subject]
        safety_rows[subject] = [
            Row(
                labels.get(code, code),
                count_text(group[code], limit),
                share_text(group[code].get("share")),
            )
            for code in SAFETY_SCALE
        ] + [Row(_("niet ingeschat"), count_text(group["unknown"], limit))]
        sheet.sentences[f"safety_{subject}"] = safety_sentence(group, subject)
        sheet.sentences[f"safety_{subject}_unknown"] = unknown_sentence(group, limit)
    sheet.rows["safety"] = [
        (person.label, person, surroundings)
        for person, surroundings in zip(
            safety_rows["person"], safety_rows["surroundings"], strict=True
        )
    ]
    scale = [labels.get(code, code) for code in SAFETY_SCALE] + [_("niet ingeschat")]
    sheet.charts["safety"] = charts.bars(
        scale,
        [
            (
                _("persoon"),
                [count_value(figures["safety"]["person"][c]) for c in (*SAFETY_SCALE, "unknown")],
            ),
            (
                _("omgeving"),
                [
                    count_value(figures["safety"]["surroundings"][c])
                    for c in (*SAFETY_SCALE, "unknown")
                ],
            ),
        ],
        _("Veiligheid bij vertrek voor persoon en omgeving; de tabel geeft dezelfde aantallen."),
        scale=True,
    )
    for key in ("top_risks", "top_interventions", "top_bottlenecks"):
        sheet.rows[key] = [Row(item["label"], count_text(item, limit)) for item in figures[key]]
    outcome_labels = dict(Term.objects.of(Vocabulary.OUTCOME).values_list("code", "label"))
    sheet.rows["outcomes"] = [
        Row(outcome_labels.get(code, _("onbekend")), count_text(value, limit))
        for code, value in figures["outcomes"].items()
    ]
    police, on_site = figures["police_minutes"], figures["on_site_minutes"]
    follow = figures["follow_up"]
    persons = figures["persons"]
    care_days = follow["time_to_care"]["median_days"]
    sheet.rows["time"] = [
        Row(_("Politie-inzet in totaal (agenten × minuten)"), number_text(police["total"])),
        Row(_("Politie-inzet per situatie, mediaan (minuten)"), number_text(police["median"], 1)),
        Row(
            _("Situaties met gemeten politie-inzet"),
            count_text(police["responses_measured"], limit),
        ),
        Row(_("Tijd ter plaatse zorg, mediaan (minuten)"), number_text(on_site["median"], 1)),
        Row(
            _("Situaties met gemeten tijd ter plaatse"),
            count_text(on_site.get("responses_measured"), limit),
        ),
        Row(_("Tijd tot zorg, mediaan (dagen)"), number_text(care_days, 1)),
        Row(
            _("Trajecten met een eerste zorgcontact"),
            count_text(follow["time_to_care"]["trajectories_measured"], limit),
        ),
    ]
    sheet.rows["recurrence"] = [
        Row(_("Verschillende personen"), count_text(persons["distinct"], limit)),
        Row(_("Personen met twee of meer situaties"), count_text(persons["repeat_persons"], limit)),
        Row(
            _("Situaties van die personen"),
            count_text(persons["responses_of_repeat_persons"], limit),
        ),
        Row(_("Situaties zonder bekende persoon"), count_text(persons["unknown"], limit)),
    ]
    sheet.rows["follow_up"] = [
        Row(
            _("Situaties met een opvolgtraject"),
            count_text(follow["responses_with_trajectory"], limit),
        ),
        Row(_("Waarvan met casusregie belegd"), count_text(follow["with_direction_holder"], limit)),
        Row(_("Waarvan afgesloten"), count_text(follow["closed"], limit)),
    ]
    sheet.rows["situations"] = count_text(figures["situations"], limit)
    if "signals" in figures:
        _fill_signals(sheet, figures["signals"])
    if figures.get("experience", {}).get("asked"):  # shown once anyone was asked
        fill_experience(sheet, figures["experience"])


def _labels(vocabulary: Vocabulary) -> dict[str, str]:
    return dict(Term.objects.of(vocabulary).values_list("code", "label"))


def _fill_signals(sheet: Sheet, signals: dict[str, Any]) -> None:
    """The signals part: counts as shown (withheld ones as <5), shares rounded."""
    limit = sheet.limit
    sources = _labels(Vocabulary.SIGNAL_SOURCE)
    sheet.rows["signals_received"] = count_text(signals["received"], limit)
    sheet.rows["signal_sources"] = [
        Row(sources.get(code, code), count_text(value, limit))
        for code, value in signals["by_source"].items()
    ]
    sheet.charts["signal_sources"] = charts.bars(
        [sources.get(code, code) for code in signals["by_source"]],
        [(_("signalen"), [count_value(value) for value in signals["by_source"].values()])],
        _("Signalen per bron; de tabel ernaast geeft dezelfde aantallen."),
    )
    timely, days = signals["picked_up_in_time"], signals["days_to_first_contact"]
    sheet.rows["signal_pickup"] = [
        Row(
            _("Op tijd opgepakt (binnen de oppaktermijn)"),
            count_text(timely, limit),
            share_text(timely.get("share")),
        ),
        Row(_("Nog niet opgepakt"), count_text(signals["not_picked_up"], limit)),
    ]
    contact = signals["first_contact"]
    sheet.rows["signal_contact"] = [
        Row(_("Eerste contact met het netwerk"), count_text(contact["network"], limit)),
        Row(_("Eerste contact met de persoon zelf"), count_text(contact["person"], limit)),
        Row(_("Nog geen contact"), count_text(contact["none"], limit)),
        Row(_("Dagen tot eerste contact, mediaan"), number_text(days["median"], 1)),
        Row(_("Signalen met een eerste contact"), count_text(days["measured"], limit)),
    ]
    share = contact.get("network_share")
    sheet.sentences["signal_network"] = (
        _("Eerst het netwerk: bij %(share)s van de eerste contacten.")
        % {"share": share_text(share)}
        if share is not None
        else ""
    )
    results = _labels(Vocabulary.SIGNAL_RESULT)
    sheet.rows["signal_results"] = [
        Row(
            _("nog open") if code == "open" else results.get(code, code),
            count_text(value, limit),
        )
        for code, value in signals["results"].items()
    ]
    persons, after = signals["persons"], signals["police_after"]
    sheet.rows["signal_persons"] = [
        Row(_("Verschillende personen"), count_text(persons["distinct"], limit)),
        Row(_("Personen met twee of meer signalen"), count_text(persons["repeat_persons"], limit)),
    ]
    sheet.rows["signal_police_after"] = [
        Row(
            _("Personen met een politiemelding binnen 90 dagen na afsluiten"),
            count_text(after, limit),
            share_text(after.get("share")),
        ),
        Row(_("Personen met een afgesloten signaal"), count_text(after["of"], limit)),
    ]
