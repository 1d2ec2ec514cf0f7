"""The coordinator's form for a programme's signalling settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grip.network.models import Organisation, Programme
from grip.signalling.models import FactsheetParts, SignallingSettings
from grip.signalling.settings_actions import partner_organisations
from grip.vocab.models import Term, Vocabulary


class SettingsForm(forms.Form):
    pickup_working_days = forms.IntegerField(
        label=_("Oppaktermijn in werkdagen"),
        min_value=1,
        max_value=60,
        help_text=_(
            "Binnen hoeveel werkdagen na ontvangst een nieuw signaal opgepakt moet zijn. De dag "
            "van ontvangst telt niet mee; weekenden en feestdagen ook niet."
        ),
        error_messages={
            "required": _("Vul het aantal werkdagen in."),
            "invalid": _("Vul een heel aantal werkdagen in, bijvoorbeeld 5."),
            "min_value": _("De termijn is minstens %(limit_value)s werkdag."),
            "max_value": _("De termijn is hoogstens %(limit_value)s werkdagen."),
        },
    )
    default_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Standaardorganisatie voor nieuw werk"),
        queryset=None,
        required=False,
        empty_label=_("geen standaard"),
        help_text=_(
            "Wie de casusregie krijgt van een opvolgtraject dat uit een signaal opent. Heeft "
            "het programma bij opvolging een standaard casusregie, dan gaat die voor; zonder "
            "beide krijgt de organisatie van wie het traject opent de regie."
        ),
        error_messages={"invalid_choice": _("Kies een partner van dit programma.")},
    )
    sources: forms.ModelMultipleChoiceField[Term] = forms.ModelMultipleChoiceField(
        label=_("Bronnen op de schermen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Niets aangevinkt: alle bronnen. Een importbestand mag altijd elke bron bevatten."
        ),
        error_messages={"invalid_choice": _("Kies alleen bronnen uit de lijst.")},
    )
    factsheet_parts = forms.ChoiceField(
        label=_("Delen van de factsheet"),
        choices=FactsheetParts.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies welke delen de factsheet toont.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        organisation_field = self.fields["default_organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = partner_organisations(programme)
        sources_field = self.fields["sources"]
        assert isinstance(sources_field, forms.ModelMultipleChoiceField)
        sources_field.queryset = Term.objects.filter(
            vocabulary=Vocabulary.SIGNAL_SOURCE, retired_at__isnull=True
        ).order_by("position", "code")

    @classmethod
    def initial_from(cls, settings: SignallingSettings) -> dict[str, Any]:
        return {
            "pickup_working_days": settings.pickup_working_days,
            "default_organisation": settings.default_organisation_id,
            "sources": list(settings.sources.all()) if settings.pk else [],
            "factsheet_parts": settings.factsheet_parts,
            "version": settings.version,
        }
