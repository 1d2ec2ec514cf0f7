"""The one-time link as a QR code: an SVG made here (segno), never by a third party, so the
token never leaves Grip before the person scans it."""

from __future__ import annotations

import segno


def qr_svg(url: str) -> str:
    code = segno.make(url, error="m")
    svg: str = code.svg_inline(scale=4, title="QR-code", dark="#000", light="#fff")
    return svg
