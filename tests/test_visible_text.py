"""Plain Dutch on every screen (issue 20): every page of the URL matrix, as every persona that
may see it, is read as a user reads it (the visible text, not the markup) and must show no raw
vocabulary code, no Python value and no stray English.

The pages and records are the URL matrix's (tests/test_url_matrix.py): a new screen is read
here as soon as it has its entry there.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from grip.vocab.models import Term
from tests.personas import PERSONA_NAMES, logged_in_client
from tests.test_url_matrix import EXPECTATIONS, world  # noqa: F401 - the matrix's World fixture

pytestmark = pytest.mark.django_db

# A code as stored: snake_case (``verbal_aggression``, ``followup:detail``'s kind).
SNAKE_CASE = re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.@-])")
# English words a Dutch screen must not show: labels left untranslated and Python values.
ENGLISH = re.compile(
    r"\b(?:the|and|with|from|Submit|Save|Cancel|Delete|Search|Next|Previous|None|True|False"
    r"|Unknown|English|Other|Yes|No)\b"
)
# Invented user names of the test personas, and the demo's, may contain underscores.
USER_NAMES = re.compile(r"persona-\S+")


class _VisibleText(HTMLParser):
    """The text a user reads. Left out: what is not shown (scripts, the title, a text area's
    content, which the user typed), identifiers marked ``translate="no"`` (a person's key, the
    privacy officer's stored log context), which are meant to be shown as they are, and text
    marked as another language (``lang="en"``: "English" in the language menu)."""

    HIDDEN = {"script", "style", "template", "title", "head", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        language = dict(attrs).get("lang") or "nl"
        hidden = tag in self.HIDDEN or ("translate", "no") in attrs or language[:2] != "nl"
        self.hidden.append(hidden or bool(self.hidden and self.hidden[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not (self.hidden and self.hidden[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return USER_NAMES.sub(" ", " ".join(" ".join(parser.parts).split()))


def raw_codes(text: str, letter_codes: set[str]) -> list[str]:
    found = SNAKE_CASE.findall(text)
    found += [word for word in re.findall(r"\b[A-Z]{4,}\b", text) if word in letter_codes]
    found += ENGLISH.findall(text)
    return found


def test_the_checks_catch_codes_and_english() -> None:
    text = visible_text("<main><p>Melding OTHER · verbal_aggression</p><p>Engels, None</p></main>")
    assert raw_codes(text, {"OTHER"}) == ["verbal_aggression", "OTHER", "None"]
    assert visible_text('<p>Sleutel <span translate="no">a_b</span><br> ok</p>') == "Sleutel ok"
    assert visible_text('<html lang="nl"><option lang="en">English</option></html>') == ""
    assert raw_codes(visible_text("<p>E33 · Overlast; AVE 3; Groningen</p>"), {"OTHER"}) == []


def test_no_page_shows_a_code_or_english_to_any_persona(persona, world) -> None:  # noqa: F811
    # The personas' first names are their role codes ("triage_nurse"): here they get ordinary
    # names, so that a role code on a screen is a leak and not a user's name.
    for number, persona_name in enumerate(PERSONA_NAMES):
        user = persona(persona_name)
        user.first_name, user.last_name = "Testpersoon", f"{number}"
        user.save(update_fields=["first_name", "last_name"])
    letter_codes = {code for code in Term.objects.values_list("code", flat=True) if code.isalpha()}
    found: dict[str, set[str]] = {}
    for persona_name in PERSONA_NAMES:
        client = logged_in_client(persona(persona_name))
        for name, url in EXPECTATIONS.items():
            if not url.get or url.get.get(persona_name) != 200 or url.export:
                continue
            response = client.get(reverse(name, kwargs=url.kwargs(world)), url.query(world))
            if "text/html" not in response.get("Content-Type", ""):
                continue
            codes = raw_codes(visible_text(response.content.decode()), letter_codes)
            if codes:
                text = visible_text(response.content.decode())
                for code in codes:
                    at = text.find(code)
                    found.setdefault(name, set()).add(f"{code} «{text[max(0, at - 40) : at + 40]}»")
    report = "\n".join(f"{name}: {sorted(codes)}" for name, codes in sorted(found.items()))
    assert not found, "codes or English in the visible text:\n" + report
