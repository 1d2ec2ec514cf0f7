"""Form fields for identity input: the BSN with its eleven-test, the date of birth, and the
identity form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.people.identity.bsn import clean_bsn, validate_bsn


class BSNField(forms.CharField):
    """A BSN as typed (spaces and dots allowed), cleaned to nine digits and eleven-tested."""

    default_validators = [validate_bsn]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("max_length", 16)  # nine digits plus separators
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> str:
        return clean_bsn(super().to_python(value) or "")


# No one Grip works with was born before this; far dates break date arithmetic (issue 22).
EARLIEST_DATE_OF_BIRTH = dt.date(1900, 1, 1)


def validate_date_of_birth(value: dt.date) -> None:
    if value < EARLIEST_DATE_OF_BIRTH:
        raise forms.ValidationError(
            _("Een geboortedatum ligt niet vóór 01-01-1900."), code="early_date_of_birth"
        )
    if value > timezone.localdate():
        raise forms.ValidationError(
            _("Een geboortedatum ligt niet in de toekomst."), code="future_date_of_birth"
        )


class DateOfBirthField(forms.DateField):
    default_validators = [validate_date_of_birth]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Geboortedatum"))
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    date_of_birth = DateOfBirthField(required=False)
    bsn = BSNField(required=False, help_text=_("Alleen invullen als het BSN bekend is."))
    address = forms.CharField(
        label=_("Adres"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in ("name", "date_of_birth", "bsn", "address")):
            raise forms.ValidationError(_("Vul ten minste één gegeven in."))
        return cleaned
