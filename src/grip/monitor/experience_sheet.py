"""The factsheet section "Ervaren regie en veiligheid" (ADR 0110): the figures of
``grip.experience.indicators`` (under ``experience`` in the factsheet JSON) as rows. Kept
apart from ``sheet`` so the monitor's own builder changes by one call."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from grip.experience import scoring


def fill_experience(sheet: Any, figures: dict[str, Any]) -> None:
    from grip.monitor.sheet import Row, count_text, share_text

    limit = sheet.limit
    sheet.rows["experience_asked"] = [
        Row(_("Keer gevraagd (betrokkene zelf)"), count_text(figures["asked"], limit)),
        Row(_("Beantwoord"), count_text(figures["answered"], limit)),
        Row(_("Wil niet antwoorden"), count_text(figures["declined"], limit)),
        Row(_("Kon niet gevraagd worden"), count_text(figures["not_asked"], limit)),
        Row(_("Zelf ingevuld via een eenmalige link"), count_text(figures["by_link"], limit)),
    ]
    control_labels = {
        "low": _("Weinig regie (5–15)"),
        "moderate": _("Matige regie (16–19)"),
        "high": _("Veel regie (20–25)"),
        "incomplete": _("Te veel vragen open"),
        "declined": _("Wil niet antwoorden"),
        "not_asked": _("Kon niet gevraagd worden"),
    }
    safety_labels = {name: name for name, _low, _high in scoring.SAFETY_BANDS} | {
        "unknown": _("Niet ingevuld"),
        "declined": _("Wil niet antwoorden"),
        "not_asked": _("Kon niet gevraagd worden"),
    }
    for moment in ("start", "closure"):
        part = figures[moment]
        sheet.rows[f"experience_{moment}"] = {
            "asked": count_text(part["asked"], limit),
            "control": [
                Row(control_labels[key], count_text(value, limit))
                for key, value in part["control"].items()
            ],
            "safety_home": [
                Row(safety_labels[key], count_text(value, limit))
                for key, value in part["safety_home"].items()
            ],
            "safety_neighbourhood": [
                Row(safety_labels[key], count_text(value, limit))
                for key, value in part["safety_neighbourhood"].items()
            ],
        }
    improved = figures["improved"]
    labels = {
        "control": _("Meer regie bij afsluiten dan bij de start"),
        "safety_home": _("Thuis veiliger bij afsluiten dan bij de start"),
        "safety_neighbourhood": _("In de buurt veiliger bij afsluiten dan bij de start"),
    }
    sheet.rows["experience_improved"] = [
        Row(
            labels[key],
            count_text(value["improved"], limit),
            share_text(value["improved"].get("share")),
            _("van %(of)s met start en afsluiting") % {"of": count_text(value["pairs"], limit)},
        )
        for key, value in improved.items()
    ]
    relatives = figures["relatives"]
    sheet.rows["experience_relatives"] = [
        Row(_("Naasten gevraagd naar veiligheid"), count_text(relatives["asked"], limit)),
        Row(_("Waarvan beantwoord"), count_text(relatives["answered"], limit)),
        Row(_("Contacten met steun aan naasten"), count_text(relatives["support_contacts"], limit)),
    ]
    sheet.rows["experience_stories"] = [
        Row(_("Ervaringsverhalen"), count_text(figures["stories"], limit)),
        *[Row(theme["label"], count_text(theme, limit)) for theme in figures["themes"]],
    ]
