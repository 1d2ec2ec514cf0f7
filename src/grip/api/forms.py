from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grip.api.actions import API_ROLES
from grip.network.models import Organisation, Programme


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Naam van de koppeling"), max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name")
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programma's"), queryset=Programme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    roles = forms.MultipleChoiceField(
        label=_("Rollen waarin de koppeling handelt"),
        choices=[(role.value, role.label) for role in API_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Doel"), max_length=150,
        help_text=_("Staat bij elke aanroep in de toegangslog, bijv. 'I28-zorgmeldingen'."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
