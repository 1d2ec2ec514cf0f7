"""Forms of the memberships screen: asking for a role, deciding, taking a role away."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from grip.network.models import Organisation, Programme, Role


class MembershipRequestForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Medewerker"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programma's"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waar de rol geldt. Alleen de rol beheerder heeft geen programma."),
    )
    reason = forms.CharField(
        label=_("Waarom"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "De rol gaat pas in als een andere beheerder of de coördinator van elk genoemd "
            "programma de aanvraag goedkeurt."
        ),
    )


class DecisionForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom vervalt deze rol?"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
