"""axe-core in the browser tests: run it on the page as it stands and fail on any WCAG 2.1 A or
AA violation.

axe-core comes bundled in the ``axe-playwright-python`` package (its ``axe.min.js``), so nothing
is downloaded when the tests run. The script is put into the page through Playwright's
``evaluate``, which the page's Content-Security-Policy does not govern.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

# The rule sets of WCAG 2.0 and 2.1, levels A and AA: the level Dutch public-sector sites must
# meet (EN 301 549). Best-practice rules are not included: they are advice, not the standard.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and up to three offending elements, for a failure message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:3]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe: WCAG 2.1 AA violations on {where or page.url}:\n" + describe(
        violations
    )
