"""Forms of the privacy officer's screens and of the break-the-glass request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from grip.access.actions import MIN_REASON_LENGTH
from grip.access.models import AccessEventAction, AccessEventOutcome
from grip.dates import PlausibleDateField

YES_NO = [("", _("alle")), ("yes", _("ja")), ("no", _("nee"))]

KEY_CHARACTERS = _("Een sleutel bestaat uit letters, cijfers en streepjes.")


class LogFilterForm(forms.Form):
    # A key is letters, digits and dashes; the result links to the subject report by the key,
    # and a slash in it cannot be made into that URL (a server error before).
    person_key = forms.CharField(
        label=_("Betrokkene (sleutel)"), required=False, max_length=20,
        validators=[RegexValidator(r"^[A-Za-z0-9-]*\Z", KEY_CHARACTERS)],
    )  # fmt: skip
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisatie"), required=False, max_length=150)
    date_from = PlausibleDateField(
        label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = PlausibleDateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("alle")), *AccessEventAction.choices],
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        required=False,
        choices=[("", _("alle")), *AccessEventOutcome.choices],
    )
    break_glass = forms.ChoiceField(label=_("Noodtoegang"), required=False, choices=YES_NO)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return data


class BreakGlassForm(forms.Form):
    person_key = forms.CharField(
        label=_("Sleutel van de betrokkene"),
        max_length=20,
        help_text=_("Precies zoals hij is doorgegeven, bijvoorbeeld P-1234-ABCD."),
    )
    reason = forms.CharField(
        label=_("Reden"),
        min_length=MIN_REASON_LENGTH,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Waarom is dit een noodgeval? De privacyfunctionaris beoordeelt elke noodtoegang."
        ),
    )

    def clean_person_key(self) -> str:
        return str(self.cleaned_data["person_key"]).strip().upper()


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Beoordeling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
