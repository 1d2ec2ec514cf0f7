"""The response form: one phone screen, chips for codes, Dutch errors next to the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.dates import PlausibleDateTimeField
from grip.intake.forms import CLOCK_SKEW, LocalDateTimeInput, ProgrammePeriodFilterForm
from grip.intake.models import Incident
from grip.network.models import AveLevel, Organisation
from grip.triage.actions import ResponseData
from grip.vocab.models import Term, Vocabulary

NO_ACTION = "no_action"


# The widest primary key any supported database stores (bigint).
MAX_ID = 2**63 - 1


class IdChoices(forms.ModelMultipleChoiceField[Any]):
    """A multiple choice by id that refuses ids no column can hold, as the single choice does.

    Django checks such an id for the single choice, but the multiple one puts it into
    ``pk__in`` as it is, and SQLite cannot bind an integer that wide: a server error
    instead of the field's Dutch "not a valid value" message.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                too_wide = abs(int(str(pk))) > MAX_ID
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if too_wide:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class TermChoices(IdChoices):
    def label_from_instance(self, obj: Term) -> str:
        return obj.display_label


class VersionField(forms.IntegerField):
    """The version the edit page was opened on, posted back hidden (ADR 0005). Missing or
    mangled, it is no version the record ever had: the save then meets an edit conflict,
    never a server error (SQLite cannot even compare a number wider than 64 bits)."""

    widget = forms.HiddenInput

    def __init__(self) -> None:
        super().__init__(required=False)

    def to_python(self, value: Any) -> int:
        try:
            number = int(str(value))
        except ValueError:
            return 0
        return number if 0 <= number <= MAX_ID else 0


class TermChoice(forms.ModelChoiceField[Term]):
    def label_from_instance(self, obj: Term) -> str:
        return obj.display_label


class Chips(forms.CheckboxSelectMultiple):
    """Checkboxes styled as large touch chips (see grip.css ``.chips``)."""

    def __init__(self) -> None:
        super().__init__(attrs={"class": "chips"})


class ChipRadios(forms.RadioSelect):
    def __init__(self) -> None:
        super().__init__(attrs={"class": "chips"})


def _terms(vocabulary: Vocabulary, keep: list[Term | None] | None = None) -> QuerySet[Term]:
    """Choosable terms, plus retired ones the record already carries (readable, kept)."""
    kept = [term.pk for term in keep or [] if term is not None]
    return Term.objects.of(vocabulary).filter(Q(retired_at__isnull=True) | Q(pk__in=kept))


YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


class ResponseForm(forms.Form):
    arrived_at = PlausibleDateTimeField(label=_("Aankomst zorg"), widget=LocalDateTimeInput())
    departed_at = PlausibleDateTimeField(label=_("Vertrek zorg"), widget=LocalDateTimeInput())
    police_departed_at = PlausibleDateTimeField(
        label=_("Vertrek politie"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Alleen invullen als de politie eerder vertrok: wit neemt over van blauw."),
    )
    police_officers = forms.IntegerField(
        label=_("Aantal agenten ter plaatse"), min_value=0, max_value=50, required=False
    )
    organisations_on_site = IdChoices(
        label=_("Organisaties ter plaatse"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=Chips(),
    )
    ave_on_arrival = forms.TypedChoiceField(
        label=_("AVE bij aankomst"), choices=AveLevel.choices, coerce=int, widget=ChipRadios()
    )
    ave_on_leaving = forms.TypedChoiceField(
        label=_("AVE bij vertrek"),
        choices=[("", _("Onbekend")), *AveLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=ChipRadios(),
    )
    risks = TermChoices(
        label=_("Aangetroffen risico's"),
        queryset=Term.objects.none(),
        required=False,
        widget=Chips(),
    )
    interventions = TermChoices(
        label=_("Interventies"),
        queryset=Term.objects.none(),
        required=False,
        widget=Chips(),
        help_text=_("Minstens één, of 'geen verdere actie nodig'."),
    )
    bottlenecks = TermChoices(
        label=_("Knelpunten"), queryset=Term.objects.none(), required=False, widget=Chips()
    )
    safety_person = TermChoice(
        label=_("Veiligheid persoon bij vertrek"),
        queryset=Term.objects.none(),
        required=False,
        widget=ChipRadios(),
        empty_label=_("Onbekend"),
    )
    safety_surroundings = TermChoice(
        label=_("Veiligheid omgeving bij vertrek"),
        queryset=Term.objects.none(),
        required=False,
        widget=ChipRadios(),
        empty_label=_("Onbekend"),
    )
    outcome = TermChoice(
        label=_("Uitkomst"),
        queryset=Term.objects.none(),
        required=False,
        empty_label=_("Kies een uitkomst"),
    )
    follow_up_needed = forms.TypedChoiceField(
        label=_("Opvolging nodig?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=ChipRadios(),
    )
    notes = forms.CharField(
        label=_("Notities (zorg)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen zichtbaar voor zorg en coördinatie, niet voor de politie."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = VersionField()

    def __init__(
        self, *args: Any, incident: Incident, current: ResponseData | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.incident = incident
        current = current or ResponseData()
        partners = Organisation.objects.filter(partner_set__programme=incident.programme_id)
        kept = list(current.organisations_on_site)
        self._queryset(
            "organisations_on_site",
            (partners | Organisation.objects.filter(pk__in=[o.pk for o in kept]))
            .distinct()
            .order_by("name"),
        )
        self._queryset("risks", _terms(Vocabulary.RISK, list(current.risks)))
        self._queryset(
            "interventions", _terms(Vocabulary.INTERVENTION, list(current.interventions))
        )
        self._queryset("bottlenecks", _terms(Vocabulary.BOTTLENECK, list(current.bottlenecks)))
        self._queryset("safety_person", _terms(Vocabulary.SAFETY, [current.safety_person]))
        self._queryset(
            "safety_surroundings", _terms(Vocabulary.SAFETY, [current.safety_surroundings])
        )
        self._queryset("outcome", _terms(Vocabulary.OUTCOME, [current.outcome]))

    def _queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_times(cleaned)
        interventions = cleaned.get("interventions")
        if interventions is not None:
            codes = {term.code for term in interventions}
            if not codes:
                self.add_error(
                    "interventions",
                    _("Kies minstens één interventie, of 'geen verdere actie nodig'."),
                )
            elif NO_ACTION in codes and len(codes) > 1:
                self.add_error(
                    "interventions",
                    _("'Geen verdere actie nodig' gaat niet samen met andere interventies."),
                )
        return cleaned

    def _check_times(self, cleaned: dict[str, Any]) -> None:
        reported = self.incident.reported_at
        arrived, departed = cleaned.get("arrived_at"), cleaned.get("departed_at")
        police_left = cleaned.get("police_departed_at")
        latest = timezone.now() + CLOCK_SKEW
        for name in ("arrived_at", "departed_at", "police_departed_at"):
            moment = cleaned.get(name)
            if moment is not None and moment > latest:
                self.add_error(name, _("Dit tijdstip ligt in de toekomst."))
                cleaned.pop(name, None)
        if arrived is not None and arrived < reported:
            self.add_error("arrived_at", _("De aankomst ligt vóór het tijdstip van de melding."))
        if arrived is not None and departed is not None and departed < arrived:
            self.add_error("departed_at", _("Het vertrek ligt vóór de aankomst."))
        if arrived is not None and police_left is not None and police_left < arrived:
            self.add_error(
                "police_departed_at", _("Het vertrek van de politie ligt vóór de aankomst.")
            )

    def to_data(self, care_professional: Any) -> ResponseData:
        cleaned = self.cleaned_data
        return ResponseData(
            care_professional=care_professional,
            organisations_on_site=list(cleaned["organisations_on_site"]),
            police_officers=cleaned["police_officers"],
            arrived_at=cleaned["arrived_at"],
            departed_at=cleaned["departed_at"],
            police_departed_at=cleaned["police_departed_at"],
            ave_on_arrival=cleaned["ave_on_arrival"],
            ave_on_leaving=cleaned["ave_on_leaving"],
            risks=list(cleaned["risks"]),
            interventions=list(cleaned["interventions"]),
            bottlenecks=list(cleaned["bottlenecks"]),
            safety_person=cleaned["safety_person"],
            safety_surroundings=cleaned["safety_surroundings"],
            outcome=cleaned["outcome"],
            follow_up_needed=cleaned["follow_up_needed"],
            notes=cleaned["notes"].strip(),
        )


def initial_for_new(incident: Incident, actor_organisations: list[Organisation]) -> dict[str, Any]:
    """Sensible defaults: care left now, arrived 45 minutes ago (not before the report)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    arrived = max(now - dt.timedelta(minutes=45), timezone.localtime(incident.reported_at))
    return {
        "arrived_at": arrived,
        "departed_at": now,
        "police_officers": 2,
        "ave_on_arrival": incident.initial_ave_level,
        "organisations_on_site": actor_organisations,
    }


def initial_for_edit(data: ResponseData, version: int) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(data, name)
        for name in (
            "arrived_at",
            "departed_at",
            "police_departed_at",
            "police_officers",
            "ave_on_arrival",
            "ave_on_leaving",
            "safety_person",
            "safety_surroundings",
            "outcome",
            "notes",
        )
    }
    for name in ("organisations_on_site", "risks", "interventions", "bottlenecks"):
        initial[name] = getattr(data, name)
    if data.follow_up_needed is not None:
        initial["follow_up_needed"] = "yes" if data.follow_up_needed else "no"
    for name in ("arrived_at", "departed_at", "police_departed_at"):
        if initial[name] is not None:
            initial[name] = timezone.localtime(initial[name])
    initial["version"] = version
    return initial


class ResponseFilterForm(ProgrammePeriodFilterForm):
    ave = forms.TypedChoiceField(
        label=_("AVE bij aankomst"),
        choices=[("", _("Alle")), *AveLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    outcome = TermChoice(
        label=_("Uitkomst"),
        queryset=Term.objects.of(Vocabulary.OUTCOME),
        required=False,
        empty_label=_("Alle uitkomsten"),
        to_field_name="code",
    )
