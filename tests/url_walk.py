"""Walk the URL configuration: every named pattern, with its namespace, as ``reverse`` names it."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def url_names() -> Iterator[tuple[str | None, str]]:
    """(``"namespace:name"`` or None for an unnamed pattern, the route) for every pattern."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
    ) -> Iterator[tuple[str | None, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns or "")
            else:
                name = pattern.name
                full = f"{namespace}:{name}" if namespace and name else name
                yield full, prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "", "")
