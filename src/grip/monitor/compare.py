"""Two periods side by side: each figure in A and B and the change.

The change is absolute for counts and medians, and in percentage points for shares (a share
going from 40% to 55% is +15 pp; "+37.5%" would mislead). When either side is withheld
(published figures) or unknown (no median), the change is withheld too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from grip.monitor.indicators import AVE_LEVELS
from grip.monitor.sheet import count_text, count_value, number_text, share_text
from grip.monitor.signal_indicators import RESPONSES, SIGNALS
from grip.network.models import AveLevel
from grip.vocab.models import Term, Vocabulary


@dataclass
class Line:
    label: str
    a: str
    b: str
    change: str
    kind: str  # "count", "share", "median": how the change reads
    group: str = ""


def _signed(value: float, decimals: int = 0, unit: str = "") -> str:
    text = number_format(round(abs(value), decimals), decimal_pos=decimals, force_grouping=True)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{text}{unit}"


def _count_line(label: str, a: Any, b: Any, limit: int, group: str) -> Line:
    va, vb = count_value(a), count_value(b)
    change = "–" if va is None or vb is None else _signed(vb - va)
    return Line(label, count_text(a, limit), count_text(b, limit), change, "count", group)


def _share_line(label: str, a: float | None, b: float | None, group: str) -> Line:
    change = "–" if a is None or b is None else _signed((b - a) * 100, 0, " pp")
    return Line(label, share_text(a) or "–", share_text(b) or "–", change, "share", group)


def _number_line(
    label: str, a: float | None, b: float | None, group: str, decimals: int = 1
) -> Line:
    change = "–" if a is None or b is None else _signed(b - a, decimals)
    return Line(label, number_text(a, decimals), number_text(b, decimals), change, "median", group)


def shown_parts(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    """The parts either period's factsheet shows (responses, signals): both are compared."""
    return set(a.get("parts", [RESPONSES])) | set(b.get("parts", [RESPONSES]))


def compare(a: dict[str, Any], b: dict[str, Any], limit: int) -> list[Line]:
    """The comparable figures of two factsheets (both exact or both published): the parts
    that either of them shows."""
    parts = shown_parts(a, b)
    lines: list[Line] = []
    if RESPONSES in parts:
        lines += _response_lines(a, b, limit)
    if SIGNALS in parts and "signals" in a and "signals" in b:
        lines += _signal_lines(a["signals"], b["signals"], limit)
    return lines


def _signal_lines(a: dict[str, Any], b: dict[str, Any], limit: int) -> list[Line]:
    lines: list[Line] = []
    add = lines.append
    group = _("Signalen")
    add(_count_line(_("Ontvangen signalen"), a["received"], b["received"], limit, group))
    ta, tb = a["picked_up_in_time"], b["picked_up_in_time"]
    add(_count_line(_("Op tijd opgepakt"), ta, tb, limit, group))
    add(_share_line(_("aandeel op tijd opgepakt"), ta.get("share"), tb.get("share"), group))
    add(_count_line(_("Nog niet opgepakt"), a["not_picked_up"], b["not_picked_up"], limit, group))
    group = _("Eerste contact")
    ca, cb = a["first_contact"], b["first_contact"]
    for key, label in (
        ("network", _("met het netwerk")),
        ("person", _("met de persoon zelf")),
        ("none", _("nog geen contact")),
    ):
        add(_count_line(label, ca[key], cb[key], limit, group))
    add(
        _share_line(
            _("aandeel eerst het netwerk"), ca.get("network_share"), cb.get("network_share"), group
        )
    )
    add(
        _number_line(
            _("Dagen tot eerste contact, mediaan"),
            a["days_to_first_contact"]["median"],
            b["days_to_first_contact"]["median"],
            group,
        )
    )
    group = _("Resultaat van de signalen")
    labels = dict(Term.objects.of(Vocabulary.SIGNAL_RESULT).values_list("code", "label"))
    for code in a["results"]:
        label = _("nog open") if code == "open" else labels.get(code, code)
        add(_count_line(label, a["results"][code], b["results"].get(code), limit, group))
    group = _("Personen en politie-inzet na afsluiten")
    add(
        _count_line(
            _("Verschillende personen"),
            a["persons"]["distinct"],
            b["persons"]["distinct"],
            limit,
            group,
        )
    )
    add(
        _count_line(
            _("Personen met twee of meer signalen"),
            a["persons"]["repeat_persons"],
            b["persons"]["repeat_persons"],
            limit,
            group,
        )
    )
    pa, pb = a["police_after"], b["police_after"]
    add(_count_line(_("Politiemelding binnen 90 dagen na afsluiten"), pa, pb, limit, group))
    add(_share_line(_("aandeel van de personen"), pa.get("share"), pb.get("share"), group))
    return lines


def _response_lines(a: dict[str, Any], b: dict[str, Any], limit: int) -> list[Line]:
    lines: list[Line] = []
    add = lines.append
    group = _("Situaties")
    add(_count_line(_("Aantal situaties"), a["situations"], b["situations"], limit, group))
    group = _("AVE-niveaus")
    labels = dict(AveLevel.choices)
    for level in AVE_LEVELS:
        label = _("AVE %(level)s") % {"level": labels[int(level)]}
        add(_count_line(label, a["ave_levels"][level], b["ave_levels"][level], limit, group))
        add(
            _share_line(
                _("aandeel %(label)s") % {"label": label},
                a["ave_levels"][level].get("share"),
                b["ave_levels"][level].get("share"),
                group,
            )
        )
    add(
        _count_line(
            _("AVE onbekend"), a["ave_levels"]["unknown"], b["ave_levels"]["unknown"], limit, group
        )
    )
    group = _("Veiligheid bij vertrek")
    for subject, label in (("person", _("persoon")), ("surroundings", _("omgeving"))):
        sa, sb = a["safety"][subject], b["safety"][subject]
        add(
            _share_line(
                _("%(subject)s: redelijk of volledig veilig") % {"subject": label},
                sa.get("reasonable_or_full_share"),
                sb.get("reasonable_or_full_share"),
                group,
            )
        )
        add(
            _count_line(
                _("%(subject)s: niet ingeschat") % {"subject": label},
                sa["unknown"],
                sb["unknown"],
                limit,
                group,
            )
        )
    group = _("Tijd")
    pa, pb = a["police_minutes"], b["police_minutes"]
    add(
        _number_line(
            _("Politie-inzet totaal (agenten × minuten)"), pa["total"], pb["total"], group, 0
        )
    )
    add(
        _number_line(
            _("Politie-inzet per situatie, mediaan (min)"), pa["median"], pb["median"], group
        )
    )
    add(
        _number_line(
            _("Tijd ter plaatse, mediaan (min)"),
            a["on_site_minutes"]["median"],
            b["on_site_minutes"]["median"],
            group,
        )
    )
    ta, tb = a["follow_up"]["time_to_care"], b["follow_up"]["time_to_care"]
    add(
        _number_line(
            _("Tijd tot zorg, mediaan (dagen)"), ta["median_days"], tb["median_days"], group
        )
    )
    group = _("Herhaling en opvolging")
    count_figures: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        (_("Verschillende personen"), lambda f: f["persons"]["distinct"]),
        (_("Personen met twee of meer situaties"), lambda f: f["persons"]["repeat_persons"]),
        (_("Situaties van die personen"), lambda f: f["persons"]["responses_of_repeat_persons"]),
        (
            _("Situaties met een opvolgtraject"),
            lambda f: f["follow_up"]["responses_with_trajectory"],
        ),
        (_("Waarvan met casusregie belegd"), lambda f: f["follow_up"]["with_direction_holder"]),
        (_("Waarvan afgesloten"), lambda f: f["follow_up"]["closed"]),
    ]
    for label, pick in count_figures:
        add(_count_line(label, pick(a), pick(b), limit, group))
    return lines
