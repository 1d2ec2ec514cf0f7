"""Hostile input, and the forms of a page, for the attack-minded tests.

``HOSTILE`` are values an attacker or a careless partner system sends: markup, SQL fragments,
spreadsheet formulas, a NUL byte, a right-to-left override, a 1 MB string, numbers far out of
any column's range. ``page_forms`` finds every form on a rendered page with its fields and the
values its widgets offer, so a test can post wild values to each form the way a browser would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from hypothesis import strategies as st

SCRIPT = '<script>alert("grip")</script>'
IMG = '"><img src=x onerror=alert(1)>'
MEGABYTE = "A" * (1024 * 1024)
HOSTILE: tuple[str, ...] = (
    SCRIPT,
    IMG,
    "'; DROP TABLE intake_incident; --",
    "1 OR 1=1",
    '=HYPERLINK("http://example.invalid","klik")',
    "+31 6 1234",
    "-2+3",
    "@SUM(A1)",
    "nul\x00byte",
    "\x00",
    "\u202egnp.exe",
    "Zoë 💥 ‮",
    "\r\n\t",
    " ",
    "-1",
    "0",
    "99999999999999999999",
    "32768",
    "2147483648",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-02-30",
    "../../etc/passwd",
    "%s%s%n",
    MEGABYTE,
)
# Markup that must never come back unescaped in a page.
RAW_MARKUP = ("<script>alert(", "<img src=x onerror")

# Tables a rejected form must leave as they were: every Grip model except the access log,
# which records the attempt itself (with the persons the page it comes back on shows).
NOT_COUNTED = {"access.accessevent", "access.accesseventperson"}


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if not model.__module__.startswith("grip."):
            continue
        label = model._meta.label_lower
        if label not in NOT_COUNTED and not model._meta.proxy:
            counts[label] = model._default_manager.count()
    return counts


@dataclass
class PageForm:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered
    hidden: dict[str, str] = field(default_factory=dict)  # name -> value (csrf, version …)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PageForm] = []
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(PageForm(a.get("method", "get").lower(), a.get("action", "")))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                form.hidden[name] = a.get("value", "")
            elif kind in ("submit", "button", "file"):
                return
            else:
                offered = form.fields.setdefault(name, [])
                offered.append(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select" and name:
            self.select = name
            form.fields.setdefault(name, [])
        elif tag == "option" and self.select is not None:
            form.fields[self.select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            form.fields.setdefault(name, [""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def page_forms(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def values_for(form: PageForm) -> st.SearchStrategy[dict[str, list[str]]]:
    """Field values: what the widget offers, hostile values, arbitrary text, or nothing."""

    def one_field(offered: list[str]) -> st.SearchStrategy[list[str]]:
        single = st.one_of(
            st.sampled_from(offered or [""]),
            st.sampled_from(HOSTILE),
            st.text(max_size=30),
        )
        return st.lists(single, min_size=0, max_size=2)

    return st.fixed_dictionaries(
        {name: one_field(offered) for name, offered in form.fields.items()}
    )


def assert_inert(html: str) -> None:
    for markup in RAW_MARKUP:
        assert markup not in html, f"unescaped markup in the page: {markup}"


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name == "aria-describedby" and value:
                self.described_by.extend(value.split())


def assert_descriptions_resolve(html: str) -> None:
    """Every ``aria-describedby`` names an element on the page: a screen reader reads a
    field's help and its error only through ids that exist."""
    parser = _IdParser()
    parser.feed(html)
    missing = sorted(set(parser.described_by) - parser.ids)
    assert not missing, f"aria-describedby names ids that are not on the page: {missing}"
