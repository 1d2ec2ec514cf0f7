"""The research export's choice: a programme and a period of local dates (both required)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateField
from grip.network.models import Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ResearchExportForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )
    date_from = PlausibleDateField(label=_("Van"), widget=DateInput())
    date_to = PlausibleDateField(
        label=_("Tot en met"),
        widget=DateInput(),
        help_text=_("Meldingsdatum, lokale tijd; beide dagen tellen mee."),
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned
