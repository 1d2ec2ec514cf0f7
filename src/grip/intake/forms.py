"""Forms for incidents: registration and the list filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateField, PlausibleDateTimeField
from grip.intake.models import Incident
from grip.intake.numbers import number_taken_reason
from grip.network.models import Area, AveLevel, Municipality, Programme
from grip.people.identity.forms import BSNField, DateOfBirthField
from grip.people.identity.matching import surviving
from grip.people.identity.records import Identity
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary

LOCAL_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CLOCK_SKEW = dt.timedelta(minutes=5)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=LOCAL_DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AreaChoiceField(forms.ModelChoiceField[Area]):
    """Areas named with their programme: two programmes may both have a "Centrum"."""

    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.programme.name})"


class IncidentCodeChoiceField(forms.ModelChoiceField[Term]):
    """Codes as police officers know them: "E33 · overlast door persoon …"."""

    def label_from_instance(self, obj: Term) -> str:
        return obj.code_and_label


class PersonChoice:
    UNKNOWN = "unknown"
    NEW = "new"
    EXISTING = "existing"


IDENTITY_FIELDS = ("identity_name", "identity_date_of_birth", "identity_bsn")


def _known_in(key: str, programme: Programme) -> Person | None:
    """The person with ``key`` known in ``programme``; a key merged into another person (an
    old note, an old export) stands for the person it went into."""
    person = Person.objects.filter(display_key=key).first()
    if person is not None and person.merged_into_id is not None:
        person = surviving(person)
    if person is None or not person.programmes.filter(pk=programme.pk).exists():
        return None
    return person


class IncidentForm(forms.ModelForm[Incident]):
    """Register an incident in one of the programmes where the actor may."""

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
    # Who the person is, when new: linked to the person Grip already knows under the same
    # pseudonym, else stored encrypted with the new person. Removed for users who may not
    # record identities in any of their programmes.
    identity_name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    identity_date_of_birth = DateOfBirthField(required=False)
    identity_bsn = BSNField(required=False, help_text=_("Alleen invullen als het BSN bekend is."))

    class Meta:
        model = Incident
        fields = [
            "programme",
            "kind",
            "number",
            "reported_at",
            "municipality",
            "area",
            "initial_ave_level",
            "description",
        ]
        widgets = {
            "reported_at": LocalDateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "initial_ave_level": forms.RadioSelect,
        }
        field_classes = {
            "area": AreaChoiceField,
            "kind": IncidentCodeChoiceField,
            "reported_at": PlausibleDateTimeField,
        }

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        identity_programmes: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programmes = programmes
        self.identity_programmes = identity_programmes
        fields = self.fields
        if not identity_programmes:
            for name in IDENTITY_FIELDS:
                del fields[name]
        programme_field = fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes
        programme_field.empty_label = None
        kind_field = fields["kind"]
        assert isinstance(kind_field, forms.ModelChoiceField)
        kind_field.queryset = Term.objects.of(Vocabulary.INCIDENT_CODE).choosable()
        kind_field.empty_label = None
        municipality_field = fields["municipality"]
        assert isinstance(municipality_field, forms.ModelChoiceField)
        municipality_field.queryset = Municipality.objects.filter(
            programmes__in=programmes
        ).distinct()
        municipality_field.empty_label = _("Kies een gemeente")
        only_one = list(municipality_field.queryset[:2])
        if len(only_one) == 1:
            municipality_field.initial = only_one[0]
        area_field = fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(programme__in=programmes).select_related(
            "programme"
        )
        area_field.empty_label = _("Geen of onbekend")
        ave_field = fields["initial_ave_level"]
        assert isinstance(ave_field, forms.TypedChoiceField)
        ave_field.choices = [("", _("Onbekend")), *AveLevel.choices]
        fields["reported_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.person: Person | None = None
        self.identity: Identity | None = None

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in IDENTITY_FIELDS if name in self.fields]

    @property
    def other_visible_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in IDENTITY_FIELDS]

    def clean_reported_at(self) -> dt.datetime:
        reported_at: dt.datetime = self.cleaned_data["reported_at"]
        if reported_at > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("Het meldtijdstip ligt in de toekomst."))
        return reported_at

    def clean_person_key(self) -> str:
        return str(self.cleaned_data.get("person_key") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("person_choice")
        programme = cleaned.get("programme")
        if choice == PersonChoice.EXISTING:
            key = cleaned.get("person_key")
            if not key:
                self.add_error("person_key", _("Vul de sleutel van de betrokkene in."))
            elif programme is not None:
                # Only persons already known in this programme can be linked: a key from
                # elsewhere must not let anyone probe for people outside their scope.
                self.person = _known_in(key, programme)
                if self.person is None:
                    self.add_error(
                        "person_key",
                        _("Geen betrokkene met deze sleutel bekend in dit programma."),
                    )
        self._clean_identity(cleaned)
        # Checked here so the message stands next to the number; a field with an error is
        # then left out of the model's constraint check, which would say it a second time.
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind is not None and number:
            taken_in = (
                Incident.objects.filter(kind=kind, number=number)
                .values_list("programme_id", flat=True)
                .first()
            )
            if taken_in is not None:
                # Said plainly only where the user registers (and so sees) incidents.
                visible = self.programmes.filter(pk=taken_in).exists()
                self.add_error("number", number_taken_reason(visible))
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
            # The fields are shown when any programme allows it; this one may not.
            self.add_error(given[0], _("In dit programma mag u geen identiteit vastleggen."))
        elif programme is not None:
            # "Unknown" with an identity is a new person: the identity is what makes it known.
            self.identity = Identity(
                name=cleaned.get("identity_name") or "",
                date_of_birth=cleaned.get("identity_date_of_birth"),
                bsn=cleaned.get("identity_bsn") or "",
                address="",
            )


class ProgrammePeriodFilterForm(forms.Form):
    """Programme, period (local dates, both inclusive) and area: the filters every list has."""

    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Alle programma's"),
        to_field_name="slug",
    )
    date_from = PlausibleDateField(label=_("Van"), required=False, widget=DateInput())
    date_to = PlausibleDateField(label=_("Tot en met"), required=False, widget=DateInput())
    area = AreaChoiceField(
        label=_("Gebied"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Alle gebieden"),
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(programme__in=programmes).select_related(
            "programme"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


class IncidentFilterForm(ProgrammePeriodFilterForm):
    # Retired codes stay filterable: old incidents carry them.
    kind = IncidentCodeChoiceField(
        label=_("Code"),
        queryset=Term.objects.of(Vocabulary.INCIDENT_CODE),
        required=False,
        empty_label=_("Alle codes"),
        to_field_name="code",
    )
