"""The questions as the person reads them: plain Dutch (B1), the same on the worker's form and
on the one-time page. The mastery items are worded as the Dutch public-health monitors ask
them (ADR 0110); only the introductions are Grip's own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MASTERY_INTRO = _(
    "Hieronder staan vijf zinnen over uw leven. Zeg bij elke zin hoe erg u het ermee eens bent."
)
MASTERY_ITEMS = (
    _("Ik heb weinig controle over de dingen die mij overkomen."),
    _("Sommige van mijn problemen kan ik met geen mogelijkheid oplossen."),
    _("Ik voel me vaak hulpeloos bij het omgaan met de problemen van het leven."),
    _("Ik heb het gevoel dat ik in het leven vaak een speelbal ben."),
    _("Wat er in de toekomst met mij gebeurt, hangt vooral van mijzelf af."),
)
AGREEMENT = (
    (1, _("Helemaal mee eens")),
    (2, _("Mee eens")),
    (3, _("Niet mee eens, niet mee oneens")),
    (4, _("Mee oneens")),
    (5, _("Helemaal mee oneens")),
)
SAFETY_HOME = _(
    "Hoe veilig voelt u zich thuis? Geef een cijfer van 1 (heel onveilig) tot 10 (heel veilig)."
)
SAFETY_NEIGHBOURHOOD = _(
    "Hoe veilig voelt u zich in uw buurt? "
    "Geef een cijfer van 1 (heel onveilig) tot 10 (heel veilig)."
)
SAFETY_SURROUNDINGS = _(
    "U bent familie of een naaste. Hoe veilig voelt u zich rond de situatie? "
    "Geef een cijfer van 1 (heel onveilig) tot 10 (heel veilig)."
)
