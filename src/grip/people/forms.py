"""Forms of the linking screen: merging, keeping apart and undoing, each with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grip.people.models import MatchSuggestion, Person

REASON_MAX_LENGTH = 1000


def _reason_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label=_("Reden"),
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden op.")},
    )


class ReasonForm(forms.Form):
    """Every decision about linking says why: the reason is part of the record."""

    help_text = _("Waarom? Dit wordt vastgelegd bij de beslissing.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason_field(str(self.help_text))

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Geef een reden op."))
        return reason


class KeepApartForm(ReasonForm):
    help_text = _("Waarom zijn dit verschillende personen?")


class UndoMergeForm(ReasonForm):
    help_text = _("Waarom was de samenvoeging onjuist?")


class MergeForm(ReasonForm):
    """Which key stays; the other person's records move to it."""

    help_text = _("Waarom zijn dit dezelfde persoon?")

    def __init__(self, *args: Any, suggestion: MatchSuggestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pair = (suggestion.person_a, suggestion.person_b)
        self.pair = {person.display_key: person for person in pair}
        # The older key stays by default: it is the one partners already know.
        older = min(pair, key=lambda person: (person.created_at, person.pk))
        self.fields["survivor"] = forms.ChoiceField(
            label=_("Sleutel die blijft"),
            choices=[(person.display_key, person.display_key) for person in pair],
            initial=older.display_key,
            widget=forms.RadioSelect,
        )
        # The reason last, after the choice it explains.
        self.order_fields(["survivor", "reason"])

    @property
    def survivor(self) -> Person:
        return self.pair[self.cleaned_data["survivor"]]
