"""The English catalogue is complete, safe to format, and compiled.

The msgids are Dutch (docs/adr/0001-dutch-source-strings.md); ``locale/en`` holds the English
translation. The compiled ``.mo`` is committed, so a forgotten ``compilemessages`` must fail here.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

import grip

LOCALE_DIR = Path(grip.__file__).parent / "locale"
PO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _entries(catalogue: polib._BaseFile) -> list[polib._BaseEntry]:
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def _translations(catalogue: polib._BaseFile) -> dict[tuple[str | None, str], object]:
    """(msgctxt, msgid) -> msgstr, or a tuple of the plural forms in order."""
    result: dict[tuple[str | None, str], object] = {}
    for entry in _entries(catalogue):
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            value: object = (entry.msgid_plural, tuple(forms[i] for i in sorted(forms)))
        else:
            value = entry.msgstr
        result[(entry.msgctxt or None, entry.msgid)] = value
    return result


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def test_catalogue_header(po: polib.POFile) -> None:
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "en"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_entry_is_translated(po: polib.POFile) -> None:
    entries = _entries(po)
    assert entries, "the English catalogue is empty"
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    untranslated = [
        entry.msgid
        for entry in entries
        if (
            not entry.msgstr_plural or not all(v.strip() for v in entry.msgstr_plural.values())
            if entry.msgid_plural
            else not entry.msgstr.strip()
        )
    ]
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_plural_entries_have_both_forms(po: polib.POFile) -> None:
    for entry in _entries(po):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid


def test_placeholders_are_kept(po: polib.POFile) -> None:
    problems = []
    for entry in _entries(po):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if i == 0 else entry.msgid_plural, msgstr)
                for i, msgstr in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, target in pairs:
            expected = _placeholders(source)
            found = _placeholders(target)
            if expected - found:
                problems.append(f"{source!r}: missing {sorted(expected - found)} in {target!r}")
            # An unknown name in the translation raises KeyError when formatted.
            known = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
            if found - known:
                problems.append(f"{source!r}: unknown {sorted(found - known)} in {target!r}")
    assert not problems, "\n".join(problems)


def test_python_format_entries_are_flagged_consistently(po: polib.POFile) -> None:
    for entry in _entries(po):
        if _placeholders(entry.msgid):
            assert "python-format" in entry.flags, entry.msgid


def test_compiled_catalogue_matches_source(po: polib.POFile) -> None:
    assert MO_PATH.exists(), "run compilemessages: django.mo is missing"
    mo = polib.mofile(str(MO_PATH))
    expected = _translations(po)
    compiled = _translations(mo)
    missing = sorted(set(expected) - set(compiled), key=str)
    extra = sorted(set(compiled) - set(expected), key=str)
    stale = sorted((k for k in expected if k in compiled and expected[k] != compiled[k]), key=str)
    hint = "django.mo is out of date; run `cd src/grip && python ../../manage.py compilemessages`"
    assert not missing, f"{hint}\nmissing from .mo: {missing}"
    assert not extra, f"{hint}\nonly in .mo: {extra}"
    assert not stale, f"{hint}\nstale in .mo: {stale}"


def test_incident_list_heading_is_translated() -> None:
    with translation.override("en"):
        assert translation.gettext("Meldingen") == "Incidents"
    with translation.override("nl"):
        assert translation.gettext("Meldingen") == "Meldingen"


def test_plural_translation() -> None:
    with translation.override("en"):
        one = translation.ngettext("%(counter)s melding", "%(counter)s meldingen", 1)
        many = translation.ngettext("%(counter)s melding", "%(counter)s meldingen", 3)
    assert one % {"counter": 1} == "1 incident"
    assert many % {"counter": 3} == "3 incidents"
