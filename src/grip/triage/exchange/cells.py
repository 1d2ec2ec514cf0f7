"""Parsers for single cells. Each returns the value or raises ``BadCell`` with a Dutch reason.

Pure functions: no database, no side effects; the row parser collects their complaints.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from grip.dates import moment_problem
from grip.triage.exchange.columns import CODE_SEPARATOR, NO, YES
from grip.vocab.models import Term

_INTEGER = re.compile(r"[0-9]+")
_AVE = re.compile(r"[1-4]")
CBS_CODE = re.compile(r"GM[0-9]{4}")
MAX_SMALL_INTEGER = 32767  # PositiveSmallIntegerField on every supported database


class BadCell(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown(value: str, limit: int = 40) -> str:
    """The cell as quoted in a reason, cut short: a report must not echo a whole note."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def text(value: str, max_length: int) -> str:
    if "\x00" in value:
        raise BadCell(_("De cel bevat een NUL-teken; dat kan niet worden opgeslagen."))
    if len(value) > max_length:
        raise BadCell(
            _("De tekst is te lang: %(length)d tekens, ten hoogste %(max)d.")
            % {"length": len(value), "max": max_length}
        )
    return value


def moment(value: str) -> dt.datetime:
    """ISO 8601 with an offset, as UTC (so equal instants compare and print equal)."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadCell(
            _("Geen geldig tijdstip (ISO 8601, bijv. 2026-01-31T23:30:00+01:00): %(value)s.")
            % {"value": shown(value)}
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise BadCell(
            _("Het tijdstip mist de tijdzone (bijv. +01:00 of Z): %(value)s.")
            % {"value": shown(value)}
        )
    try:
        moment = parsed.astimezone(dt.UTC)
    except OverflowError:
        raise BadCell(_("Geen geldig tijdstip: %(value)s.") % {"value": shown(value)}) from None
    problem = moment_problem(moment)
    if problem:  # year 1 or 9999 would break the figures, or never expire (grip.dates)
        raise BadCell(f"{problem} ({shown(value)})")
    return moment


def officers(value: str) -> int:
    if not _INTEGER.fullmatch(value) or int(value) > MAX_SMALL_INTEGER:
        raise BadCell(
            _("Het aantal agenten moet een geheel getal van 0 of meer zijn: %(value)s.")
            % {"value": shown(value)}
        )
    return int(value)


def ave_level(value: str) -> int:
    if not _AVE.fullmatch(value):
        raise BadCell(
            _("Het AVE-niveau moet 1, 2, 3 of 4 zijn: %(value)s.") % {"value": shown(value)}
        )
    return int(value)


def yes_no(value: str) -> bool:
    if value == YES:
        return True
    if value == NO:
        return False
    raise BadCell(_("Vul 'yes' of 'no' in (of laat leeg): %(value)s.") % {"value": shown(value)})


def cbs_code(value: str) -> str:
    if not CBS_CODE.fullmatch(value):
        raise BadCell(
            _("Geen CBS-gemeentecode (zoals GM0014): %(value)s.") % {"value": shown(value)}
        )
    return value


def term(value: str, terms: dict[str, Term]) -> Term:
    found = terms.get(value)
    if found is None:
        raise BadCell(_("Onbekende code: %(value)s.") % {"value": shown(value)})
    return found


def term_list(value: str, terms: dict[str, Term]) -> list[Term]:
    """``a|b|c``: each code known; duplicates and empty items are ignored."""
    chosen: dict[str, Term] = {}
    unknown: list[str] = []
    for code in (item.strip() for item in value.split(CODE_SEPARATOR)):
        if not code:
            continue
        found = terms.get(code)
        if found is None:
            unknown.append(code)
        else:
            chosen[code] = found
    if unknown:
        raise BadCell(
            _("Onbekende code(s): %(codes)s.") % {"codes": ", ".join(shown(c) for c in unknown)}
        )
    return list(chosen.values())


def retired_reason(codes: list[str]) -> str:
    return _("Code(s) buiten gebruik, niet meer te kiezen voor nieuwe gegevens: %(codes)s.") % {
        "codes": ", ".join(repr(code) for code in codes)
    }
