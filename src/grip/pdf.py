"""HTML to PDF through WeasyPrint: the same templates as the screens, printed on A4.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0, libpangoft2-1.0-0;
`.ci/run` installs them). It is imported only when a PDF is made, so the rest of Grip runs on
a machine without Pango, and a PDF asked for there fails with a message that says what is
missing instead of a crash at start-up.
"""

from __future__ import annotations

from django.conf import settings


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the Pango libraries it needs are not installed."""


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document. Static files (the print stylesheet) are read
    from the app's own static folders, never fetched over the network."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "PDF maken kan niet: WeasyPrint of Pango ontbreekt (apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0)."
        ) from error
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_network_fetcher
    )
    return document.write_pdf()


def _no_network_fetcher(url: str, timeout: int = 10, ssl_context: object = None) -> dict:
    # A PDF must never reach out: templates may only refer to inline data or local files.
    import weasyprint

    if not (url.startswith("file:") or url.startswith("data:")):
        raise ValueError(f"PDF rendering fetches no network resources: {url}")
    return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
