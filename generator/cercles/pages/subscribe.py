"""The ways into a feed that the subscribe box offers, in the order a phone user needs them.

Google Calendar first (Android's calendar does not open ``webcal:``), then ``webcal:`` for Apple
Calendar and Thunderbird, then the https address to paste anywhere (Outlook), then a QR code of
that address, drawn here at build time: no request leaves the site to draw it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import quote

import segno
from markupsafe import Markup, escape

from cercles import paths

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="
"""Google Calendar's « add by URL » link; it takes the feed as a ``webcal:`` address, URL-encoded."""


@dataclass(frozen=True, slots=True)
class SubscribeLinks:
    """Every address of one feed, as the subscribe box shows them."""

    https: str

    @classmethod
    def of(cls, site_url: str, feed: str) -> SubscribeLinks:
        return cls(paths.absolute_url(site_url, feed))

    @property
    def webcal(self) -> str:
        """The same address for Apple Calendar and Thunderbird, which subscribe on ``webcal:``."""
        return "webcal://" + self.https.split("://", 1)[1]

    @property
    def google(self) -> str:
        return GOOGLE_SUBSCRIBE + quote(self.webcal, safe="")

    def qr_svg(self) -> Markup:
        """A QR code of the https address as inline SVG, named for screen readers; dark on light in both schemes."""
        return _qr_svg(self.https)


@functools.lru_cache(maxsize=8192)
def _qr_svg(https: str) -> Markup:
    """Drawn once per address and process: choosing a QR code's mask is half of all page rendering at 100 circles,
    and ``mkdocs serve`` redraws every page on each rebuild, with the same addresses."""
    label = f"QR code de l'adresse du calendrier : {https}"
    # Level L, raised by segno as far as the same size allows: a code shown on a screen needs little error
    # correction, and the smallest symbol has the largest modules at a given width (version 3 for most feeds).
    svg = segno.make_qr(https, error="l").svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                                  svgclass="cercles-qr", title=label)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
