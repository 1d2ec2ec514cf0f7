"""Forms of casework. Each maps onto one action in ``actions.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grip.casework.actions import AgreementLine, GoalLine
from grip.casework.models import Agreement, ConferenceTable, Goal, PlanVersion
from grip.followup.models import Trajectory
from grip.intake.forms import DateInput
from grip.network.models import Organisation, Programme
from grip.people.pseudonymity import NO_NAMES_HELP, validate_pseudonymous
from grip.triage.forms import TermChoice
from grip.vocab.models import Term, Vocabulary

EMPTY_GOAL_ROWS = 2
EMPTY_AGREEMENT_ROWS = 2


def programme_partners(programme_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partner_set__programme=programme_id).order_by("name")


class GoalForm(forms.Form):
    life_domain = TermChoice(
        label=_("Leefgebied"),
        queryset=Term.objects.of(Vocabulary.LIFE_DOMAIN),
        required=False,
        empty_label=_("Kies een leefgebied"),
        help_text=_("Herstel: de eigen doelen van de betrokkene voor zijn of haar herstel."),
    )
    text = forms.CharField(label=_("Doel"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text") and not data.get("life_domain"):
            self.add_error("life_domain", _("Kies het leefgebied van dit doel."))
        return data


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Afspraak"), max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label=_("Wie (organisatie)"), queryset=Organisation.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Wanneer"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programme_partners(programme_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text"):
            if not data.get("owner"):
                self.add_error("owner", _("Zeg welke organisatie dit doet."))
            if not data.get("due_on"):
                self.add_error("due_on", _("Zeg wanneer het gedaan is."))
        return data


GoalFormSet = forms.formset_factory(GoalForm, extra=EMPTY_GOAL_ROWS)
AgreementFormSet = forms.formset_factory(AgreementForm, extra=EMPTY_AGREEMENT_ROWS)


class PlanForm(forms.Form):
    review_on = forms.DateField(label=_("Evaluatie op"), widget=DateInput())
    note = forms.CharField(label=_("Wat is er veranderd"), max_length=500, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput(), min_value=0)


class PlanForms:
    """The plan's form and its two formsets, handled as one."""

    def __init__(
        self, trajectory: Trajectory, current: PlanVersion | None, data: Any = None
    ) -> None:
        goals: list[Goal] = list(current.goals.all()) if current else []
        agreements: list[Agreement] = list(current.agreements.all()) if current else []
        self.plan = PlanForm(
            data,
            initial={
                "based_on": current.number if current else 0,
                "review_on": current.review_on if current else None,
            },
        )
        self.goals = GoalFormSet(
            data,
            prefix="goal",
            initial=[{"life_domain": g.life_domain_id, "text": g.text} for g in goals],
        )
        self.agreements = AgreementFormSet(
            data,
            prefix="agreement",
            initial=[{"text": a.text, "owner": a.owner_id, "due_on": a.due_on} for a in agreements],
            form_kwargs={"programme_id": trajectory.programme_id},
        )

    def is_valid(self) -> bool:
        results = [self.plan.is_valid(), self.goals.is_valid(), self.agreements.is_valid()]
        return all(results)

    def goal_lines(self) -> list[GoalLine]:
        return [
            GoalLine(row["life_domain"], row["text"])
            for row in self.goals.cleaned_data
            if row.get("text")
        ]

    def agreement_lines(self) -> list[AgreementLine]:
        return [
            AgreementLine(row["text"], row["owner"], row["due_on"])
            for row in self.agreements.cleaned_data
            if row.get("text")
        ]


class TableForm(forms.Form):
    name = forms.CharField(label=_("Naam van de tafel"), max_length=100)
    has_mandate = forms.BooleanField(
        label=_("Tafel met mandaat (doorbraak mogelijk)"), required=False
    )


class ConferenceForm(forms.Form):
    table = forms.ModelChoiceField(label=_("Tafel"), queryset=ConferenceTable.objects.none())
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())
    participants = forms.ModelMultipleChoiceField(
        label=_("Deelnemende organisaties"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips"}),
        help_text=_("Alleen deze organisaties zien het overleg."),
    )
    legal_basis = TermChoice(
        label=_("Grondslag voor het delen"),
        queryset=Term.objects.of(Vocabulary.LEGAL_BASIS).choosable(),
        empty_label=_("Kies de grondslag"),
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = self.fields["table"]
        assert isinstance(table, forms.ModelChoiceField)
        table.queryset = ConferenceTable.objects.filter(
            programme__in=programmes, active=True
        ).select_related("programme")
        participants = self.fields["participants"]
        assert isinstance(participants, forms.ModelMultipleChoiceField)
        participants.queryset = (
            Organisation.objects.filter(partner_set__programme__in=programmes)
            .distinct()
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        table, chosen = data.get("table"), data.get("participants")
        if table and chosen:
            allowed = set(programme_partners(table.programme_id).values_list("pk", flat=True))
            if any(org.pk not in allowed for org in chosen):
                self.add_error("participants", _("Kies partners van het programma van de tafel."))
        return data


class AgendaForm(forms.Form):
    person_key = forms.CharField(
        label=_("Sleutel van de betrokkene"),
        max_length=20,
        help_text=_("De pseudonieme sleutel, zoals op het traject staat."),
    )

    def clean_person_key(self) -> str:
        return str(self.cleaned_data["person_key"]).strip().upper()


class OrganisationChoice(forms.TypedChoiceField):
    """An organisation from a list the view fetched once: a page with a form per agenda item
    then asks the database for the partners once, not twice per item."""

    def __init__(self, *, partners: list[Organisation], empty_label: str, **kwargs: Any) -> None:
        self.by_pk = {str(org.pk): org for org in partners}
        super().__init__(
            choices=[("", empty_label)] + [(str(org.pk), org.name) for org in partners],
            coerce=lambda pk: self.by_pk[pk],
            empty_value=None,
            required=False,
            **kwargs,
        )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Besluit"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_NAMES_HELP, validators=[validate_pseudonymous],
    )  # fmt: skip
    agreement_text = forms.CharField(
        label=_("Nieuwe afspraak in het plan"), max_length=500, required=False
    )
    agreement_due_on = forms.DateField(label=_("Wanneer"), widget=DateInput(), required=False)
    review_on = forms.DateField(
        label=_("Nieuwe evaluatiedatum"), widget=DateInput(), required=False
    )

    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement_owner"] = OrganisationChoice(
            label=_("Wie (organisatie)"), partners=partners, empty_label="—"
        )
        self.fields["direction_to"] = OrganisationChoice(
            label=_("Casusregie naar"), partners=partners,
            empty_label=str(_("Regie blijft waar die is")),
        )  # fmt: skip
        self.order_fields(
            ["text", "agreement_text", "agreement_owner", "agreement_due_on", "review_on"]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreement_text"):
            if not data.get("agreement_owner"):
                self.add_error("agreement_owner", _("Zeg welke organisatie dit doet."))
            if not data.get("agreement_due_on"):
                self.add_error("agreement_due_on", _("Zeg wanneer het gedaan is."))
        return data

    def agreement(self) -> AgreementLine | None:
        data = self.cleaned_data
        if not data.get("agreement_text"):
            return None
        return AgreementLine(
            data["agreement_text"], data["agreement_owner"], data["agreement_due_on"]
        )


class BreakthroughForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Tafel met mandaat"), queryset=ConferenceTable.objects.none()
    )
    reason = forms.CharField(
        label=_("Waarom is de casus vastgelopen"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["table"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ConferenceTable.objects.filter(
            programme=trajectory.programme_id, has_mandate=True, active=True
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Besluit van de tafel"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
