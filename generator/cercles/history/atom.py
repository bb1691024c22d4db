"""The journal of governance changes as an Atom 1.0 feed (RFC 4287), built with the standard library.

ElementTree escapes every text; ids are ``urn:uuid`` derived from the commit and the circle, so
the same commits give the same bytes and a feed reader never sees an entry twice.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection
from datetime import datetime, timezone

from cercles import paths
from cercles.feeds.provenance import default_time
from cercles.history import wording
from cercles.history.record import GovernanceHistory

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", ATOM)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def journal_feed(history: GovernanceHistory, *, site_url: str, site_name: str, circle_ids: Collection[str],
                 person: Callable[[str], str]) -> bytes:
    """The latest entries of the journal; without a history, an empty feed that says why."""
    # Without a site address, links are relative to the feed itself (gouvernance/journal.xml).
    base = site_url.rstrip("/") + "/" if site_url else "../"
    entries = history.journal()
    feed = ET.Element(f"{{{ATOM}}}feed", {_XML_LANG: "fr"})
    journal = base + paths.page_url(paths.JOURNAL_PAGE)
    _add(feed, "id", journal if site_url else uuid.uuid5(uuid.NAMESPACE_URL, f"cercles:journal:{site_name}").urn)
    _add(feed, "title", f"Journal de la gouvernance — {site_name}" if site_name else "Journal de la gouvernance")
    if not history.available:
        _add(feed, "subtitle", wording.UNAVAILABLE[history.availability])
    _add(feed, "updated", _timestamp(entries[0].commit.date if entries else default_time()))
    author = _add(feed, "author")
    _add(author, "name", site_name or "Cercles")
    _add(feed, "link", rel="alternate", type="text/html", href=journal)
    if site_url:
        _add(feed, "link", rel="self", type="application/atom+xml", href=base + paths.JOURNAL_FEED)
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"cercles:{entry.commit.sha}:{entry.circle_id}").urn)
        _add(item, "title", wording.title(entry, person))
        _add(item, "updated", _timestamp(entry.commit.date))
        page, anchor = entry.target(circle_ids)
        _add(item, "link", rel="alternate", type="text/html", href=base + paths.page_url(page) + (f"#{anchor}" if anchor else ""))
        lines = []
        for change in entry.changes:
            lines.append(wording.describe(change, person))
            lines.extend(f"  {label} : {text}" for label, text in wording.details(change))
        reason = wording.reason(entry)
        if reason:
            lines.append(reason)
        _add(item, "content", "\n".join(lines), type="text")
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
