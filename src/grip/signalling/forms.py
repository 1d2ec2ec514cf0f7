"""Forms for signals: register, pass on from an incident, record a contact, close, pick up.
Each maps onto one function in ``actions.py``; errors are Dutch and stand next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.intake.forms import (
    CLOCK_SKEW,
    IDENTITY_FIELDS,
    AreaChoiceField,
    LocalDateTimeInput,
    PersonChoice,
    _known_in,
)
from grip.network.models import Area, Municipality, Programme
from grip.people.identity.forms import BSNField, DateOfBirthField
from grip.people.identity.records import Identity
from grip.people.models import Person
from grip.signalling.models import ContactWith, Signal, SignallingSettings
from grip.triage.forms import ChipRadios, Chips, TermChoice, TermChoices, VersionField
from grip.vocab.models import Term, Vocabulary


def offered_sources(programme: Programme | None) -> QuerySet[Term]:
    """The sources a programme's screens offer: its chosen ones, or every choosable source."""
    sources = Term.objects.of(Vocabulary.SIGNAL_SOURCE).choosable()
    if programme is None:
        return sources
    chosen = SignallingSettings.objects.filter(programme=programme).values("sources")
    narrowed = sources.filter(pk__in=chosen.filter(sources__isnull=False))
    return narrowed if narrowed.exists() else sources


class SignalForm(forms.ModelForm[Signal]):
    """Register a signal from any source in one of the programmes where the actor may."""

    person_choice = forms.ChoiceField(
        label=_("Betrokkene"),
        choices=[
            (PersonChoice.UNKNOWN, _("Onbekend")),
            (PersonChoice.NEW, _("Nieuwe betrokkene (krijgt een sleutel)")),
            (PersonChoice.EXISTING, _("Bekende betrokkene (sleutel invullen)")),
        ],
        initial=PersonChoice.UNKNOWN,
        widget=forms.RadioSelect,
    )
    person_key = forms.CharField(
        label=_("Sleutel van de betrokkene"),
        required=False,
        max_length=20,
        help_text=_("Bijvoorbeeld P-7K3M-Q9TX."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    identity_name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    identity_date_of_birth = DateOfBirthField(required=False)
    identity_bsn = BSNField(required=False, help_text=_("Alleen invullen als het BSN bekend is."))

    class Meta:
        model = Signal
        fields = [
            "programme",
            "source",
            "number",
            "received_at",
            "municipality",
            "area",
            "concerns",
            "notes",
        ]
        widgets = {
            "received_at": LocalDateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {
            "area": AreaChoiceField,
            "source": TermChoice,
            "concerns": TermChoices,
        }
        labels = {"number": _("Kenmerk bij de melder (niet verplicht)")}
        help_texts = {
            "number": _("Leeg laten als de melder geen nummer heeft: Grip geeft dan een kenmerk."),
            "notes": _(
                "Wat is de zorg? Alleen zichtbaar voor zorg en sociaal domein, nooit voor de "
                "politie."
            ),
        }

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        identity_programmes: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.identity_programmes = identity_programmes
        fields = self.fields
        if not identity_programmes:
            for name in IDENTITY_FIELDS:
                del fields[name]
        fields["number"].required = False
        programme_field = fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes
        programme_field.empty_label = None
        source_field = fields["source"]
        assert isinstance(source_field, forms.ModelChoiceField)
        # Every source any of the user's programmes offers; ``clean`` checks the chosen one.
        only = list(programmes[:2])
        source_field.queryset = (
            offered_sources(only[0])
            if len(only) == 1
            else Term.objects.of(Vocabulary.SIGNAL_SOURCE).choosable()
        )
        source_field.empty_label = _("Kies de bron")
        concerns_field = fields["concerns"]
        assert isinstance(concerns_field, forms.ModelMultipleChoiceField)
        concerns_field.queryset = Term.objects.of(Vocabulary.SIGNAL_CONCERN).choosable()
        concerns_field.widget = Chips()
        municipality_field = fields["municipality"]
        assert isinstance(municipality_field, forms.ModelChoiceField)
        municipality_field.queryset = Municipality.objects.filter(
            programmes__in=programmes
        ).distinct()
        municipality_field.empty_label = _("Kies een gemeente")
        one = list(municipality_field.queryset[:2])
        if len(one) == 1:
            municipality_field.initial = one[0]
        area_field = fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(programme__in=programmes).select_related(
            "programme"
        )
        area_field.empty_label = _("Geen of onbekend")
        fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.person: Person | None = None
        self.identity: Identity | None = None

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in IDENTITY_FIELDS if name in self.fields]

    @property
    def other_visible_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in IDENTITY_FIELDS]

    def clean_received_at(self) -> Any:
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("Het tijdstip van ontvangst ligt in de toekomst."))
        return received_at

    def clean_person_key(self) -> str:
        return str(self.cleaned_data.get("person_key") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        programme, source = cleaned.get("programme"), cleaned.get("source")
        if programme is not None and source is not None:
            if not offered_sources(programme).filter(pk=source.pk).exists():
                self.add_error("source", _("Deze bron gebruikt het programma niet."))
            number = (cleaned.get("number") or "").strip()
            if (
                number
                and Signal.objects.filter(
                    programme=programme, source=source, number=number
                ).exists()
            ):
                self.add_error("number", _("Er is al een signaal met deze bron en dit kenmerk."))
        if cleaned.get("person_choice") == PersonChoice.EXISTING:
            key = cleaned.get("person_key")
            if not key:
                self.add_error("person_key", _("Vul de sleutel van de betrokkene in."))
            elif programme is not None:
                # Only persons known in this programme: a key must not probe outside scope.
                self.person = _known_in(key, programme)
                if self.person is None:
                    self.add_error(
                        "person_key",
                        _("Geen betrokkene met deze sleutel bekend in dit programma."),
                    )
        self._clean_identity(cleaned)
        return cleaned

    def _clean_identity(self, cleaned: dict[str, Any]) -> None:
        given = [name for name in IDENTITY_FIELDS if cleaned.get(name)]
        if not given:
            return
        choice, programme = cleaned.get("person_choice"), cleaned.get("programme")
        if choice == PersonChoice.EXISTING:
            self.add_error(
                given[0],
                _(
                    "Een identiteit vult u alleen in bij een nieuwe of onbekende betrokkene. "
                    "Die van een bekende betrokkene legt u vast op diens pagina."
                ),
            )
        elif programme is not None and programme.pk not in self.identity_programmes:
            self.add_error(given[0], _("In dit programma mag u geen identiteit vastleggen."))
        elif programme is not None:
            self.identity = Identity(
                name=cleaned.get("identity_name") or "",
                date_of_birth=cleaned.get("identity_date_of_birth"),
                bsn=cleaned.get("identity_bsn") or "",
                address="",
            )


class FromIncidentForm(forms.Form):
    """Pass a police incident on as a signal: its facts come from the incident."""

    concerns = TermChoices(
        label=_("Zorgen"),
        queryset=Term.objects.of(Vocabulary.SIGNAL_CONCERN).choosable(),
        required=False,
        widget=Chips(),
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen zichtbaar voor zorg en sociaal domein, nooit voor de politie."),
    )

    def __init__(self, *args: Any, with_notes: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_notes:
            # The police pass a report on; what the workers write is not theirs to read, so
            # they are not asked to write there either.
            del self.fields["notes"]


class PickUpForm(forms.Form):
    version = VersionField()


class ContactForm(forms.Form):
    """A contact: with whom first (the network before the person), then how."""

    with_whom = forms.ChoiceField(
        label=_("Met wie was het contact?"),
        choices=ContactWith.choices,
        widget=ChipRadios(),
        help_text=_("Eerst het netwerk (naasten, betrokken professionals), dan pas de persoon."),
    )
    at = forms.DateTimeField(label=_("Wanneer"), widget=LocalDateTimeInput())
    kind = TermChoice(
        label=_("Soort contact"),
        queryset=Term.objects.of(Vocabulary.CONTACT_KIND).choosable(),
        empty_label=_("Kies de soort contact"),
    )
    notes = forms.CharField(
        label=_("Kort verslag"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class CloseForm(forms.Form):
    result = TermChoice(
        label=_("Resultaat"),
        queryset=Term.objects.of(Vocabulary.SIGNAL_RESULT).choosable(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies het resultaat waarmee u het signaal afsluit.")},
    )
    at = forms.DateTimeField(
        label=_("Afgesloten op"),
        widget=LocalDateTimeInput(),
        required=False,
        help_text=_("Leeg: nu."),
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()

    def __init__(self, *args: Any, signal: Signal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        result_field = self.fields["result"]
        assert isinstance(result_field, forms.ModelChoiceField)
        keep = [signal.result_id] if signal.result_id else []
        result_field.queryset = Term.objects.of(Vocabulary.SIGNAL_RESULT).filter(
            Q(retired_at__isnull=True) | Q(pk__in=keep)
        )
        self.fields["version"].initial = signal.version
