"""Where each generated page lives: one function per kind of page, used by pages and feeds alike.

Source paths are MkDocs ``.md`` paths. Markdown links between pages are relative ``.md`` links
(``relative_link``), which MkDocs resolves and ``--strict`` checks; links in raw HTML are final
addresses (``relative_url``), checked by the ``generated_links_resolve`` output rule instead.
"""

from __future__ import annotations

import posixpath
import re

from cercles.model import Action, Circle, CircleType, Moment, MomentKind, Role

CIRCLES_INDEX = "cercles/index.md"
ROLES_INDEX = "roles/index.md"


def _circle_id(circle: Circle | str) -> str:
    return circle if isinstance(circle, str) else circle.id


def circle_page(circle: Circle | str) -> str:
    return f"cercles/{_circle_id(circle)}/index.md"


CIRCLE_TYPES_FOLDER = "types"
"""``cercles/types/<type>/``: one page per circle type; no circle may take this id (see ``rules``)."""


def circle_type_page(circle_type: CircleType) -> str:
    """The page of one circle type, the index of its nav section (an ``index.md``, so Material
    makes it the section's own page instead of promoting the type's first circle)."""
    return f"cercles/{CIRCLE_TYPES_FOLDER}/{circle_type.value}/index.md"


def action_page(action: Action) -> str:
    return f"cercles/{action.parent_id}/{action.id}.md"


def role_page(role: Role) -> str:
    return f"roles/{role.owner_id}/{role.id}.md"


def relative_link(from_page: str, to_page: str) -> str:
    """A link from one source page to another, as MkDocs expects it in Markdown.

    Computed on the strings alone (``posixpath.relpath`` asks the file system for the current
    folder on every call, thousands of times per build).
    """
    source = posixpath.dirname(from_page).split("/") if posixpath.dirname(from_page) else []
    target = to_page.split("/")
    common = 0
    while common < min(len(source), len(target) - 1) and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def page_url(page: str) -> str:
    """The site-relative URL of a page with directory URLs (``cercles/nourrir/``), for feeds."""
    stem = page[: -len("index.md")] if page.endswith("index.md") else page[: -len(".md")] + "/"
    return stem


def site_path(path: str) -> str:
    """Where a page (``agenda/index.md`` → ``agenda/``) or a file (``agenda.ics``) is published, from the site's root."""
    return page_url(path) if path.endswith(".md") else path


def relative_url(from_page: str, to_path: str) -> str:
    """A link from a page to a page or a file as the browser follows it (``jardin/compost/``), for raw HTML
    such as the chart's SVG, whose links MkDocs does not rewrite; directory URLs, as in feeds."""
    return relative_link(page_url(from_page), site_path(to_path))


def absolute_url(site_url: str, path: str) -> str:
    """A page's or a file's address on the published site (``agenda/index.md`` → ``…/agenda/``): feeds, QR codes, JSON."""
    return f"{site_url.rstrip('/')}/{site_path(path)}"


AGENDA_INDEX = "agenda/index.md"
GAPS_PAGE = "a-completer.md"
"""Only under ``mkdocs serve``: what the sources still lack, for editors, never published."""
MOMENTS_PAGE = "gouvernance/moments.md"
PUBLIC_FEED = "agenda.ics"
MEMBERS_FEED = "agenda-membres.ics"
MEMBERS_FOLDER = "membres"
"""Where the members' feeds are published under secret addresses (``membres/<token>/…``), when a secret is set."""
JOURNAL_PAGE = "gouvernance/journal.md"
ARCHIVES_PAGE = "gouvernance/archives.md"
JOURNAL_FEED = "gouvernance/journal.xml"


AGENDA_JSON = "agenda.json"
"""Upcoming public occurrences for other websites (shape in the README)."""
EMBED_FOLDER = "integrer"
EMBED_PAGE = f"agenda/{EMBED_FOLDER}/index.md"
"""The agenda without the site around it, for an ``<iframe>`` on the organisation's main website."""
KIND_FEEDS_FOLDER = "type"
AGENDA_RESERVED_IDS = (EMBED_FOLDER, KIND_FEEDS_FOLDER, "archives")
"""Folders of ``agenda/`` that Cercles uses itself: no moment may take these ids for its page."""
MONTH_FOLDER = re.compile(r"^\d{4}-\d{2}$")
"""A month's folder (``agenda/2027-01/``), likewise refused as a moment id."""


def moment_page(moment: Moment | str) -> str:
    """``agenda/<moment>/``: one public moment, the page a shared link or a feed's URL opens."""
    return f"agenda/{moment if isinstance(moment, str) else moment.id}/index.md"


def kind_feed(kind: MomentKind) -> str:
    """The public feed of one kind of moment, matching the agenda's « Type » filter: ``agenda/type/atelier.ics``."""
    return f"agenda/{KIND_FEEDS_FOLDER}/{kind.value}.ics"


def circle_feed(circle: Circle | str) -> str:
    """The public feed of one circle: ``agenda/<circle>.ics``."""
    return f"agenda/{_circle_id(circle)}.ics"


def moment_anchor(moment: Moment) -> str:
    """The anchor of a moment's line in the agenda's list of public moments."""
    return f"moment-{moment.id}"


def moment_feed(moment: Moment) -> str:
    """The one-moment calendar file of the event page's « Ajouter à mon agenda », beside the page."""
    return f"agenda/{moment.id}/{moment.id}.ics"


def moment_url(site_url: str, moment: Moment) -> str:
    """The absolute address of a moment's page, for feeds, schema.org data and shared links."""
    return absolute_url(site_url, moment_page(moment))


def agenda_month_page(year: int, month: int) -> str:
    """``agenda/2027-01/``: one month of a large agenda."""
    return f"agenda/{year:04d}-{month:02d}/index.md"


AGENDA_ARCHIVES_PAGE = "agenda/archives/index.md"
PLACES_PAGE = "venir.md"
