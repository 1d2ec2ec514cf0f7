"""Forms of the learning screens. Each maps onto one function in ``actions.py``; every free
text is checked for recognisable identifying data (``pseudonymity``).

The forms that add a turning point, an outcome or an agreed action also correct one: given the
record (``item``), they keep the retired terms and the owner it already has, leave out what
cannot change (a turning point's case) and carry its ``version`` (ADR 0005)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from grip.access.policy import Action, DataClass, roles_allowed
from grip.dates import PlausibleDateField
from grip.experience.models import ExperienceStory
from grip.intake.forms import DateInput
from grip.learning.models import (
    THEME_VOCABULARIES,
    AgreedAction,
    Effect,
    LearningCycle,
    OutcomeKind,
    Phase,
    ReflectionSession,
    ReviewDecision,
    SessionCase,
    SessionOutcome,
    TurningPoint,
)
from grip.learning.pseudonymity import NO_NAMES_HELP, validate_pseudonymous
from grip.network.models import Organisation, Programme
from grip.triage.forms import (
    ChipRadios,
    Chips,
    IdChoices,
    TermChoice,
    TermChoices,
    VersionField,
)
from grip.vocab.models import Term, Vocabulary


def partners_of(programme: Programme | int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partner_set__programme=programme).order_by("name")


def facilitators_of(programme: Programme | int) -> QuerySet[Any]:
    """Users who may facilitate in the programme: a role the policy lets change learning."""
    roles = sorted(roles_allowed(DataClass.LEARNING, Action.CHANGE))
    return (
        get_user_model()
        .objects.filter(
            memberships__programmes=programme,
            memberships__active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def themes(keep: list[Term] | None = None) -> QuerySet[Term]:
    """The themes to choose from, plus retired ones the record already carries: those stay
    readable and may be kept, but no record gets one newly."""
    kept = [term.pk for term in keep or []]
    return (
        Term.objects.filter(vocabulary__in=THEME_VOCABULARIES)
        .filter(Q(retired_at__isnull=True) | Q(pk__in=kept))
        .order_by("-vocabulary", "position")
    )


class ThemeChoices(TermChoices):
    def label_from_instance(self, obj: Term) -> str:
        kind = _("positief") if obj.vocabulary == Vocabulary.THEME_POSITIVE else _("leerpunt")
        if obj.is_retired:  # only offered on a record that already has it
            return f"{obj.display_label} ({kind}; {_('buiten gebruik')})"
        return f"{obj.display_label} ({kind})"


class ThemeChoice(TermChoice):
    def label_from_instance(self, obj: Term) -> str:
        return ThemeChoices.label_from_instance(self, obj)  # type: ignore[arg-type]


class PersonChoice(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class CycleForm(forms.ModelForm[LearningCycle]):
    class Meta:
        model = LearningCycle
        fields = ["number", "phase", "description", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        field_classes = {"starts_on": PlausibleDateField, "ends_on": PlausibleDateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = Phase.choices  # type: ignore[attr-defined]
        self.fields["number"].help_text = _("Leeg bij voorbereiding en eindevaluatie.")


class SessionForm(forms.Form):
    held_on = PlausibleDateField(label=_("Datum"), widget=DateInput())
    topic = forms.CharField(
        label=_("Onderwerp"), max_length=200, required=False, validators=[validate_pseudonymous]
    )
    facilitator = PersonChoice(label=_("Begeleider"), queryset=get_user_model().objects.none())
    organisations = IdChoices(
        label=_("Deelnemende organisaties"),
        queryset=Organisation.objects.none(),
        widget=Chips(),
        help_text=_("Alleen medewerkers van deze organisaties zien de sessie."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators_of(programme)  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = partners_of(programme)  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    """The bottleneck page's one form: the ticked cases go to a planned session or a new one."""

    pick = forms.MultipleChoiceField(label=_("Casussen"), widget=forms.CheckboxSelectMultiple)
    session = forms.ModelChoiceField(
        label=_("Geplande sessie"),
        queryset=ReflectionSession.objects.none(),
        required=False,
        empty_label=_("Een nieuwe sessie"),
    )
    held_on = PlausibleDateField(label=_("Datum nieuwe sessie"), widget=DateInput(), required=False)
    organisations = IdChoices(
        label=_("Deelnemende organisaties (nieuwe sessie)"),
        queryset=Organisation.objects.none(),
        widget=Chips(),
        required=False,
    )

    def __init__(
        self, *args: Any, programme: Programme, picks: list[str], today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pick"].choices = [(pick, pick) for pick in picks]  # type: ignore[attr-defined]
        self.fields["session"].queryset = ReflectionSession.objects.filter(  # type: ignore[attr-defined]
            programme=programme, held_on__gte=today
        ).order_by("held_on")
        self.fields["organisations"].queryset = partners_of(programme)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("session") and not cleaned.get("held_on"):
            self.add_error(
                "held_on", _("Kies een geplande sessie of geef de datum van een nieuwe.")
            )
        return cleaned


FOR_WHOM = [
    ("person", _("de betrokkene")),
    ("surroundings", _("de omgeving")),
    ("professionals", _("de professionals")),
]


class TurningPointForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Casus"), queryset=SessionCase.objects.none())
    occurred_on = PlausibleDateField(label=_("Wanneer"), widget=DateInput())
    what_happened = forms.CharField(
        label=_("Wat gebeurde er"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_NAMES_HELP,
        validators=[validate_pseudonymous],
    )
    effect = forms.ChoiceField(label=_("Werkte het?"), choices=Effect.choices, widget=ChipRadios())
    for_whom = forms.MultipleChoiceField(
        label=_("Voor wie"), choices=FOR_WHOM, widget=Chips(), required=False
    )
    themes = ThemeChoices(label=_("Thema's"), queryset=Term.objects.none(), widget=Chips(),
                          required=False)  # fmt: skip

    def __init__(
        self, *args: Any, session: ReflectionSession, item: TurningPoint | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        if item is None:
            self.fields["case"].queryset = session.cases.select_related("person")  # type: ignore[attr-defined]
        else:
            del self.fields["case"]  # a correction keeps the case: the page names it
            self.fields["version"] = VersionField()
        kept = list(item.themes.all()) if item else []
        self.fields["themes"].queryset = themes(kept)  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=OutcomeKind.choices, widget=ChipRadios())
    theme = ThemeChoice(label=_("Thema"), queryset=Term.objects.none())
    text = forms.CharField(
        label=_("Toelichting"), max_length=500, required=False, help_text=NO_NAMES_HELP,
        validators=[validate_pseudonymous],
    )  # fmt: skip

    def __init__(
        self, *args: Any, session: ReflectionSession, item: SessionOutcome | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes([item.theme] if item else [])  # type: ignore[attr-defined]
        if item is not None:
            self.fields["version"] = VersionField()


class StoryChoice(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        themes = ", ".join(theme.display_label for theme in obj.themes.all())
        return f"{obj.written_at:%d-%m-%Y} · {themes}"


class SessionStoryForm(forms.Form):
    """Put an experience story of the session's programme on the session."""

    story = StoryChoice(label=_("Ervaringsverhaal"), queryset=ExperienceStory.objects.none())

    def __init__(self, *args: Any, session: ReflectionSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The action checks that the facilitator may read the story; here only the programme.
        self.fields["story"].queryset = (  # type: ignore[attr-defined]
            ExperienceStory.objects.filter(programme_id=session.programme_id)
            .exclude(pk__in=session.stories.values("story_id"))
            .prefetch_related("themes")
        )


class AgreedActionForm(forms.Form):
    description = forms.CharField(
        label=_("Actie"), max_length=300, validators=[validate_pseudonymous]
    )
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=Organisation.objects.none())
    due_on = PlausibleDateField(label=_("Uiterlijk"), widget=DateInput())

    def __init__(
        self, *args: Any, session: ReflectionSession, item: AgreedAction | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        owners = partners_of(session.programme_id)
        if item is not None:
            # An owner that has since left the programme stays choosable on its own action.
            owners = Organisation.objects.filter(
                Q(pk__in=owners.values("pk")) | Q(pk=item.owner_id)
            ).order_by("name")
            self.fields["version"] = VersionField()
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    action = forms.ModelChoiceField(queryset=AgreedAction.objects.none(), widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Besluit"), choices=ReviewDecision.choices)
    new_due_on = PlausibleDateField(label=_("Nieuwe datum"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Toelichting"), max_length=300, required=False, validators=[validate_pseudonymous]
    )

    def __init__(self, *args: Any, session: ReflectionSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = AgreedAction.objects.filter(  # type: ignore[attr-defined]
            Q(session__programme=session.programme_id) & Q(session__held_on__lt=session.held_on)
        )


def turning_point_initial(point: TurningPoint) -> dict[str, Any]:
    flags = (("person", point.for_person), ("surroundings", point.for_surroundings),
             ("professionals", point.for_professionals))  # fmt: skip
    return {
        "occurred_on": point.occurred_on,
        "what_happened": point.what_happened,
        "effect": point.effect,
        "for_whom": [name for name, flag in flags if flag],
        "themes": list(point.themes.all()),
        "version": point.version,
    }


def outcome_initial(outcome: SessionOutcome) -> dict[str, Any]:
    return {"kind": outcome.kind, "theme": outcome.theme_id, "text": outcome.text,
            "version": outcome.version}  # fmt: skip


def agreed_action_initial(agreed: AgreedAction) -> dict[str, Any]:
    return {"description": agreed.description, "owner": agreed.owner_id,
            "due_on": agreed.due_on, "version": agreed.version}  # fmt: skip


class RemoveForm(forms.Form):
    """The confirmation on an edit page that a record was made by mistake and may go."""

    sure = forms.BooleanField(
        label=_("Ik weet het zeker"),
        error_messages={"required": _("Vink 'Ik weet het zeker' aan om te verwijderen.")},
    )
    version = VersionField()


class PeriodForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Leercyclus"),
        queryset=LearningCycle.objects.none(),
        required=False,
        empty_label=_("Eigen periode"),
    )
    date_from = PlausibleDateField(label=_("Van"), widget=DateInput(), required=False)
    date_to = PlausibleDateField(label=_("Tot en met"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = LearningCycle.objects.filter(programme=programme)  # type: ignore[attr-defined]
