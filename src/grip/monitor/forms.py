"""Forms of the monitor: a scope (programme, period, areas), two periods to compare, a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateField
from grip.learning.periods import learning_cycle_periods
from grip.network.models import Area, Programme
from grip.people.recurrence import Scope


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete quarter: what a factsheet usually covers."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - dt.timedelta(days=1)
    return dt.date(end.year, end.month - 2, 1), end


class ProgrammeAreasForm(forms.Form):
    """The programme (by slug, only those given) and optional areas of that programme."""

    programme = forms.ModelChoiceField(
        label=_("Programma"), queryset=Programme.objects.none(), to_field_name="slug",
        empty_label=None,
    )  # fmt: skip
    areas = forms.ModelMultipleChoiceField(
        label=_("Gebieden"),
        queryset=Area.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=_("Leeg: het hele programma."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = Area.objects.filter(programme__in=programmes).order_by("name")
        areas_field.label_from_instance = lambda area: area.name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        programme, areas = cleaned.get("programme"), cleaned.get("areas")
        if programme is not None and areas and any(a.programme_id != programme.pk for a in areas):
            self.add_error("areas", _("Kies alleen gebieden van het gekozen programma."))
        return cleaned

    def areas_tuple(self) -> tuple[Area, ...]:
        return tuple(self.cleaned_data.get("areas") or ())


class ScopeForm(ProgrammeAreasForm):
    date_from = PlausibleDateField(label=_("Van"), widget=DateInput())
    date_to = PlausibleDateField(label=_("Tot en met"), widget=DateInput())
    field_order = ["programme", "date_from", "date_to", "areas"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(data["programme"], data["date_from"], data["date_to"], self.areas_tuple())


def period_presets(programme: Programme | None, today: dt.date) -> list[tuple[str, str]]:
    """Choices ``from..to`` → label: the programme's learning cycles, then quarters and
    years (newest first, three years back)."""
    choices: list[tuple[str, str]] = []
    if programme is not None:
        for cycle in learning_cycle_periods(programme):
            choices.append((f"{cycle.date_from}..{cycle.date_to}", cycle.label))
    for year in range(today.year, today.year - 3, -1):
        for quarter in range(4, 0, -1):
            start = dt.date(year, 3 * quarter - 2, 1)
            if start > today:
                continue
            end = (dt.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1)) - dt.timedelta(days=1)
            choices.append((f"{start}..{end}", f"{year} Q{quarter}"))
        choices.append((f"{dt.date(year, 1, 1)}..{dt.date(year, 12, 31)}", str(year)))
    return choices


def parse_preset(value: str) -> tuple[dt.date, dt.date] | None:
    try:
        start, end = value.split("..")
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None


class CompareForm(ProgrammeAreasForm):
    """Two periods, each a preset (learning cycle, quarter, year) or own dates."""

    a_preset = forms.ChoiceField(label=_("Periode A"), required=False)
    a_from = PlausibleDateField(label=_("of van"), required=False, widget=DateInput())
    a_to = PlausibleDateField(label=_("tot en met"), required=False, widget=DateInput())
    b_preset = forms.ChoiceField(label=_("Periode B"), required=False)
    b_from = PlausibleDateField(label=_("of van"), required=False, widget=DateInput())
    b_to = PlausibleDateField(label=_("tot en met"), required=False, widget=DateInput())
    field_order = ["programme", "a_preset", "a_from", "a_to", "b_preset", "b_from", "b_to"]

    def __init__(
        self, *args: Any, programmes: QuerySet[Programme], presets: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, programmes=programmes, **kwargs)
        choices = [("", _("eigen datums")), *presets]
        for name in ("a_preset", "b_preset"):
            preset_field = self.fields[name]
            assert isinstance(preset_field, forms.ChoiceField)
            preset_field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for side in ("a", "b"):
            period = parse_preset(cleaned.get(f"{side}_preset") or "")
            if period is None:
                start, end = cleaned.get(f"{side}_from"), cleaned.get(f"{side}_to")
                if not (start and end):
                    self.add_error(f"{side}_from", _("Kies een periode of vul beide datums in."))
                    continue
                if start > end:
                    self.add_error(f"{side}_to", _("De einddatum ligt vóór de begindatum."))
                    continue
                period = (start, end)
            cleaned[f"{side}_period"] = period
        return cleaned

    def scopes(self) -> tuple[Scope, Scope]:
        data, areas = self.cleaned_data, self.areas_tuple()
        (a_from, a_to), (b_from, b_to) = data["a_period"], data["b_period"]
        return (
            Scope(data["programme"], a_from, a_to, areas),
            Scope(data["programme"], b_from, b_to, areas),
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Wist je dat …"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Een korte tekst voor deze factsheet; geen namen of andere persoonsgegevens."),
    )
