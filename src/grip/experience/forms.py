"""The questions as forms: one for the person (control and safety), one for a relative (the
surroundings), each with "wil niet antwoorden" and, on the worker's form, "kon niet gevraagd
worden" as answers of their own. Items may be left open: the scoring handles one missing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.experience import wording
from grip.experience.actions import Answers
from grip.experience.models import (
    AnswerStatus,
    Moment,
    Offered,
    RelativeRelation,
    Respondent,
)
from grip.intake.forms import DateInput
from grip.learning.pseudonymity import NO_NAMES_HELP, validate_pseudonymous
from grip.triage.forms import ChipRadios
from grip.vocab.models import Term, Vocabulary

MARKS = [(mark, str(mark)) for mark in range(1, 11)]


def _scale(label: Any, choices: list[tuple[int, Any]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=ChipRadios(),
    )


class QuestionsForm(forms.Form):
    """The person's questions. ``status`` comes first: answered, or one of the two
    non-answers (the link page offers only "wil niet antwoorden")."""

    status = forms.ChoiceField(
        label=_("Antwoord"), choices=AnswerStatus.choices, widget=ChipRadios(),
        initial=AnswerStatus.ANSWERED,
    )  # fmt: skip

    def __init__(self, *args: Any, respondent: str, by_link: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.respondent = respondent
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        if by_link:
            status.label = _("Wilt u de vragen beantwoorden?")
            status.choices = [
                (AnswerStatus.ANSWERED, _("Ja, ik vul de vragen in")),
                (AnswerStatus.DECLINED, _("Nee, ik wil niet antwoorden")),
            ]
        if respondent == Respondent.RELATIVE:
            self.fields["safety_surroundings"] = _scale(wording.SAFETY_SURROUNDINGS, MARKS)
            return
        for number, item in enumerate(wording.MASTERY_ITEMS, 1):
            self.fields[f"mastery_{number}"] = _scale(item, list(wording.AGREEMENT))
        self.fields["safety_home"] = _scale(wording.SAFETY_HOME, MARKS)
        self.fields["safety_neighbourhood"] = _scale(wording.SAFETY_NEIGHBOURHOOD, MARKS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") != AnswerStatus.ANSWERED:
            return cleaned
        answered = [name for name in self.fields if name != "status" and cleaned.get(name)]
        if not answered:
            raise forms.ValidationError(
                _("Er is nog niets ingevuld. Vul een vraag in, of kies 'wil niet antwoorden'.")
            )
        if self.respondent == Respondent.RELATIVE and not cleaned.get("safety_surroundings"):
            self.add_error("safety_surroundings", _("Geef een cijfer van 1 tot 10."))
        return cleaned

    def answers(self) -> Answers:
        data = self.cleaned_data
        if data["status"] != AnswerStatus.ANSWERED:
            return Answers(status=data["status"])
        return Answers(
            status=data["status"],
            items=tuple(data.get(f"mastery_{number}") for number in range(1, 6)),
            safety_home=data.get("safety_home"),
            safety_neighbourhood=data.get("safety_neighbourhood"),
            safety_surroundings=data.get("safety_surroundings"),
        )


class AskingForm(forms.Form):
    """When and whom: chosen by the worker before the questions (and for a link)."""

    moment = forms.ChoiceField(label=_("Moment"), choices=Moment.choices, widget=ChipRadios())
    respondent = forms.ChoiceField(
        label=_("Wie wordt gevraagd"), choices=Respondent.choices, widget=ChipRadios(),
        initial=Respondent.PERSON,
    )  # fmt: skip


class RelativeSupportForm(forms.Form):
    on = forms.DateField(label=_("Datum contact met de naaste"), widget=DateInput())
    relation = forms.ChoiceField(
        label=_("Relatie tot de betrokkene"), choices=RelativeRelation.choices
    )
    offered = forms.ChoiceField(label=_("Wat is aangeboden"), choices=Offered.choices)
    note = forms.CharField(
        label=_("Korte toelichting"), max_length=300, required=False,
        help_text=NO_NAMES_HELP, validators=[validate_pseudonymous],
    )  # fmt: skip

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return on


class ConsentForm(forms.Form):
    given_on = forms.DateField(
        label=_("Datum waarop de betrokkene toestemming gaf"), widget=DateInput()
    )
    confirmed = forms.BooleanField(
        label=_("De betrokkene heeft toestemming gegeven om een ervaringsverhaal vast te leggen."),
    )

    def clean_given_on(self) -> Any:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return given_on


class StoryForm(forms.Form):
    text = forms.CharField(
        label=_("Wat heeft de betrokkene ervaren?"), widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000, help_text=NO_NAMES_HELP, validators=[validate_pseudonymous],
    )  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Term.objects.filter(
            vocabulary__in=[Vocabulary.THEME_POSITIVE, Vocabulary.THEME_LEARNING],
            retired_at__isnull=True,
        ).order_by("vocabulary", "position", "code"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chips"}),
    )
