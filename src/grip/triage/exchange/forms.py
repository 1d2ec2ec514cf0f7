"""Forms of the exchange screens: the upload, and the export's programme and period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateField
from grip.network.models import Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# What browsers send for a .csv file; anything else (a spreadsheet, an executable) is refused.
CSV_CONTENT_TYPES = frozenset(
    {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", ""}
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Situaties in uitwisselformaat v1: CSV in UTF-8, met kopregel."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(label=_("proefimport (niets opslaan)"), required=False)

    def clean_file(self) -> Any:
        """Size, name and content type first: a malicious or mistaken upload stops here,
        before the parser reads a line."""
        upload = self.cleaned_data["file"]
        max_mb = settings.GRIP_IMPORT_MAX_MB
        if upload.size > max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(max)s MB."), params={"max": max_mb}
            )
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(_("Alleen een CSV-bestand (.csv) kan worden ingelezen."))
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        head = upload.read(4096)
        upload.seek(0)
        if content_type not in CSV_CONTENT_TYPES or b"\x00" in head:
            raise forms.ValidationError(
                _("Dit bestand is geen CSV-tekstbestand; kies een CSV in UTF-8.")
            )
        return upload


class PeriodForm(forms.Form):
    """The period of an export: local dates, both inclusive, either may be left open."""

    date_from = PlausibleDateField(label=_("Van"), required=False, widget=DateInput())
    date_to = PlausibleDateField(label=_("Tot en met"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


class ExportForm(PeriodForm):
    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )
    field_order = ["programme", "date_from", "date_to"]

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes
