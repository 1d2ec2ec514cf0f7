"""Plain-Dutch sentences about the figures, each said only when it is true.

The safety sentence follows the programme's own factsheet ("in meer dan de helft van de
gevallen …"), but per subject (the person, the surroundings): that both are safe in more than
half of the cases separately does not mean they were in the same cases. The band is decided
on the exact share over the situations where safety was judged; the unknowns are named.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

ALL, MORE_THAN_HALF, HALF, LESS_THAN_HALF, NONE = "all", "more_than_half", "half", "less", "none"


def band(share: float | None) -> str | None:
    """Which plain-words band the share falls in; None when nothing was judged."""
    if share is None:
        return None
    if share == 1:
        return ALL
    if share > 0.5:
        return MORE_THAN_HALF
    if share == 0.5:
        return HALF
    if share > 0:
        return LESS_THAN_HALF
    return NONE


def _band_words(code: str) -> str:
    return {
        ALL: _("in alle gevallen"),
        MORE_THAN_HALF: _("in meer dan de helft van de gevallen"),
        HALF: _("in precies de helft van de gevallen"),
        LESS_THAN_HALF: _("in minder dan de helft van de gevallen"),
        NONE: _("in geen van de gevallen"),
    }[code]


def safety_sentence(figure: dict[str, Any], subject: str) -> str:
    """One sentence for ``figure`` (a safety group, exact or published); ``subject`` is
    "person" or "surroundings"."""
    share = figure.get("reasonable_or_full_share")
    code = figure.get("reasonable_or_full_band") or band(share)
    if code is None:
        if subject == "person":
            return _(
                "Bij geen enkele situatie is de veiligheid van de persoon bij vertrek ingeschat."
            )
        return _("Bij geen enkele situatie is de veiligheid van de omgeving bij vertrek ingeschat.")
    words = _band_words(code)
    if share is not None:
        words = _("%(band)s (%(percent)s%%)") % {"band": words, "percent": round(share * 100)}
    if subject == "person":
        return _(
            "Bij het verlaten van de situatie verkeerde de persoon zelf %(band)s in redelijke "
            "of volledige veiligheid."
        ) % {"band": words}
    return _(
        "Bij het verlaten van de situatie verkeerde de omgeving %(band)s in redelijke of "
        "volledige veiligheid."
    ) % {"band": words}


def unknown_sentence(figure: dict[str, Any], limit: int) -> str:
    """Says how many situations were not judged, so the unknowns are never hidden."""
    unknown = figure.get("unknown", {})
    if unknown.get("suppressed"):
        return _("Bij minder dan %(limit)s situaties is dit niet ingeschat.") % {"limit": limit}
    count = unknown.get("count") or 0
    if count == 0:
        return _("Bij alle situaties is dit ingeschat.")
    if count == 1:
        return _("Bij 1 situatie is dit niet ingeschat; die telt niet mee in het aandeel.")
    return _(
        "Bij %(count)s situaties is dit niet ingeschat; die tellen niet mee in het aandeel."
    ) % {"count": count}
