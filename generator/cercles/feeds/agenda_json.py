"""``agenda.json``: the agenda's upcoming public occurrences, for other websites.

A schema.org ``ItemList`` of ``Event`` objects (JSON-LD), so a consumer may read it as plain JSON
or as linked data. Each event is the one the agenda page describes in its own JSON-LD, plus what
another site needs to filter and link: the circle (``organizer``: id, name, page), the kind
(``about``: code and label) and the moment's page. It holds what the agenda page shows (the same
window, public moments only) and nothing about when it was built: same sources, same bytes.
"""

from __future__ import annotations

import json

from cercles import paths
from cercles.model import Organisation
from cercles.pages.agenda_view import AgendaView


def agenda_json(organisation: Organisation, view: AgendaView, site_name: str) -> bytes:
    """The ``ItemList``; links are absolute when ``site_url`` is known, site-relative otherwise."""
    site_url = view.settings.site_url

    def address(path: str) -> str:
        return paths.absolute_url(site_url, path) if site_url else "/" + path

    circle_names = {circle.id: circle.name for circle in organisation.circles}
    items = []
    for position, occurrence in enumerate(view.occurrences, start=1):
        moment = occurrence.moment
        event = view.event_ld(occurrence, circle_names)
        del event["@context"]
        event["identifier"] = moment.id
        event["url"] = address(paths.page_url(paths.moment_page(moment)))
        event["organizer"] = {"@type": "Organization", "identifier": moment.circle_id, "name": circle_names[moment.circle_id],
                              "url": address(paths.page_url(paths.circle_page(moment.circle_id)))}
        event["about"] = {"@type": "DefinedTerm", "termCode": moment.kind.value, "name": moment.kind.label}
        items.append({"@type": "ListItem", "position": position, "item": event})
    document = {
        "@context": "https://schema.org", "@type": "ItemList", "name": f"Agenda : {site_name}" if site_name else "Agenda",
        "url": address(paths.page_url(paths.AGENDA_INDEX)), "numberOfItems": len(items), "itemListElement": items,
    }
    # Compact, as other programs read it: a third smaller than indented, and written by json's C encoder.
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
