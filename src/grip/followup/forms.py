"""Forms for the work in a trajectory. Each maps onto one action in ``actions.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateField, PlausibleDateTimeField
from grip.followup.models import DirectionKind, Trajectory, WithWhom
from grip.intake.forms import CLOCK_SKEW, DateInput, LocalDateTimeInput
from grip.network.models import AveLevel, Organisation
from grip.triage.forms import ChipRadios, Chips, TermChoice, TermChoices
from grip.vocab.models import Term, Vocabulary


def partners_of(trajectory: Trajectory) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partner_set__programme=trajectory.programme_id).order_by(
        "name"
    )


def colleagues_of(trajectory: Trajectory) -> QuerySet[Any]:
    """Users working in the trajectory's programme: the people direction and tasks can go to."""
    return (
        get_user_model()
        .objects.filter(memberships__programmes=trajectory.programme_id, memberships__active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoice(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AveForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Nieuw AVE-niveau"), choices=AveLevel.choices, coerce=int, widget=ChipRadios()
    )
    reason = forms.CharField(label=_("Waarom"), max_length=500)
    process_organisation = forms.ModelChoiceField(
        label=_("Procesregie (vanaf AVE 3 verplicht)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nog geen / houdt wie het heeft"),
    )

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["process_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners_of(trajectory)


class DirectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort regie"), choices=DirectionKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none()
    )
    holder = PersonChoice(
        label=_("Persoon"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nog niet bekend"),
    )
    reason = forms.CharField(label=_("Waarom"), max_length=500)

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = partners_of(trajectory)
        holder = self.fields["holder"]
        assert isinstance(holder, forms.ModelChoiceField)
        holder.queryset = colleagues_of(trajectory)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        holder, organisation = cleaned.get("holder"), cleaned.get("organisation")
        works_there = (
            holder is None
            or organisation is None
            or holder.memberships.filter(organisation=organisation, active=True).exists()
        )
        if not works_there:
            self.add_error("holder", _("Deze persoon werkt niet bij de gekozen organisatie."))
        return cleaned


class HandoverForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort regie"), choices=DirectionKind.choices)
    to_organisation = forms.ModelChoiceField(
        label=_("Overdragen aan"), queryset=Organisation.objects.none()
    )
    reason = forms.CharField(label=_("Waarom"), max_length=500)
    # Passing direction shares the case with the receiving organisation: on what ground.
    legal_basis = TermChoice(
        label=_("Grondslag voor het delen"),
        queryset=Term.objects.of(Vocabulary.LEGAL_BASIS).choosable(),
        empty_label=_("Kies de grondslag"),
    )

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners_of(trajectory)


class ContactForm(forms.Form):
    at = PlausibleDateTimeField(label=_("Wanneer"), widget=LocalDateTimeInput())
    kind = TermChoice(
        label=_("Soort contact"),
        queryset=Term.objects.of(Vocabulary.CONTACT_KIND).choosable(),
        widget=ChipRadios(),
        empty_label=None,
    )
    with_whom = forms.ChoiceField(label=_("Met wie"), choices=WithWhom.choices, widget=ChipRadios())
    partner = forms.ModelChoiceField(
        label=_("Welke partner"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("—"),
    )
    with_peer_expert = forms.BooleanField(
        label=_("Samen met een ervaringsdeskundige"), required=False
    )
    activities = TermChoices(
        label=_("Wat er gedaan is"),
        queryset=Term.objects.of(Vocabulary.INTERVENTION).choosable().filter(
            code__in=[
                "deescalated", "network_involved", "chain_connected", "oggz_reported",
                "treatment_contacted", "forensic_consulted", "social_team_referred", "peer_expert",
                "gp_contacted",
            ]
        ),
        required=False,
        widget=Chips(),
    )  # fmt: skip
    result = forms.CharField(label=_("Kort resultaat"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners_of(trajectory)
        self.fields["at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("at") and cleaned["at"] > timezone.now() + CLOCK_SKEW:
            self.add_error("at", _("Dit tijdstip ligt in de toekomst."))
        if cleaned.get("with_whom") == WithWhom.PARTNER and not cleaned.get("partner"):
            self.add_error("partner", _("Kies met welke partner het contact was."))
        return cleaned


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Taak"), max_length=200)
    owner = PersonChoice(label=_("Wie"), queryset=get_user_model().objects.none())
    due_on = PlausibleDateField(label=_("Uiterlijk"), widget=DateInput())

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = colleagues_of(trajectory)


class CloseForm(forms.Form):
    reason = TermChoice(
        label=_("Reden van afsluiten"),
        queryset=Term.objects.of(Vocabulary.CLOSURE_REASON).choosable(),
        required=False,
        empty_label=_("Kies een reden"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Wie neemt het over"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("—"),
    )
    text = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.order_by("name")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Waarom"), max_length=500)


class OpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom opvolging"),
        max_length=500,
        initial=_("Vroeg erop af na een zorgmelding."),
    )
