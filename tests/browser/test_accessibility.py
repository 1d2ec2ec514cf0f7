"""axe-core (WCAG 2.1 A and AA) on every page the navigation reaches, as every demo persona, at
a phone's size (390×844) and a desktop's (1280×800).

"Reachable from the navigation": the home page, the links in the top bar and in the main menu,
and the links on the home page itself (its tasks and programmes). Downloads and the log-out are
left out. Each persona logs in once and both sizes are checked on one load of each page. A
screen (a URL name) that a persona of the same role already passed is not checked again: the
demo has four follow-up workers and three coordinators, whose shared screens differ only in
their records. So every persona's own screens are checked, and the walk stays within minutes.
"""

from __future__ import annotations

import io
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import resolve

from grip.demo.users import DEMO_USERS
from tests.browser.axe import axe_violations, describe
from tests.browser.login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"telefoon": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
NAVIGATION = "header a[href], nav a[href], main a[href]"
# Links that download a file or end the session are not pages to check.
SKIP_PARTS = ("/export", ".pdf", ".csv", "/download", "/admin/", "uitloggen", "logout")


def navigation_paths(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all(NAVIGATION, "links => links.map(a => a.href)")
    paths: list[str] = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != urlsplit(page.url).netloc or any(s in href for s in SKIP_PARTS):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def test_every_navigation_page_passes_axe_as_every_persona(browser, live_server) -> None:
    started = time.monotonic()
    call_command("demo", stdout=io.StringIO())  # every kind of record, so tables have rows
    print(f"demo data: {time.monotonic() - started:.1f}s")
    failures: list[str] = []
    checked: set[tuple[str, str]] = set()  # (role, URL name)
    for spec in DEMO_USERS:
        cache.clear()  # one TOTP code per user and period: a fresh cache for each login
        context = browser.new_context(locale="nl-NL", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            log_in(page, spec.username)
            page.goto("/")
            for path in ["/", *navigation_paths(page)]:
                screen = (spec.role, resolve(urlsplit(path).path).view_name)
                if screen in checked:
                    continue
                checked.add(screen)
                page.goto(path)
                # Both sizes on one load: the layout follows the viewport (media queries,
                # grip.js on resize), and a second load would double the walk's time.
                for size_name, size in SIZES.items():
                    page.set_viewport_size(size)
                    violations = axe_violations(page)
                    if violations:
                        failures.append(
                            f"--- {spec.username} {size_name} {path}\n{describe(violations)}"
                        )
        finally:
            context.close()
        print(f"{spec.username}: {time.monotonic() - started:.1f}s")
    assert not failures, "\n".join(failures)
