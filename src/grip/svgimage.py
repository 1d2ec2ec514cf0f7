"""An SVG drawing as a ``data:`` URL for an ``<img>``.

The page's Content-Security-Policy allows no inline style (``style-src 'self'``), and a chart
drawn by pygal carries its own stylesheet: as an inline ``<svg>`` the browser refuses that
stylesheet and paints the chart's areas black. Inside an image the SVG's own stylesheet
applies, no script in it runs, and WeasyPrint draws the same image in a PDF.
"""

from __future__ import annotations

import base64


def data_url(svg: str | bytes) -> str:
    raw = svg if isinstance(svg, bytes) else svg.encode()
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")
