"""The navigation of a site with circles: the ``Cercles`` entry grows one section per circle type.

Shared by the MkDocs plugin (at build time) and ``cercles export`` (written into the exported
``mkdocs.yml``), so that a site built by another engine shows the same menu as ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from cercles import paths
from cercles.model import CircleType, Organisation

NAV_CIRCLES_LIMIT = 40
"""Up to this many circles, the nav lists them by type; above, only the circles index, so that
the navigation rendered into every page stays the same size however large the organisation."""


def expand_nav(nav: list[Any], organisation: Organisation, limit: int = NAV_CIRCLES_LIMIT) -> list[Any]:
    """Replace the ``cercles/index.md`` entry with a section of circles grouped by type.

    Each type's section opens with the type's own page: circle pages are ``index.md`` files, and
    with ``navigation.indexes`` Material would otherwise make the first circle the section's page,
    hiding its name. Every circle is listed under its own name.
    Navigation titles reach Material's templates unescaped, so circle names are escaped here.
    """
    expanded = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == paths.CIRCLES_INDEX and len(organisation.circles) <= limit:
                sections: list[Any] = [paths.CIRCLES_INDEX]
                for circle_type in CircleType:
                    circles = organisation.circles_of_type(circle_type)
                    if circles:
                        entries = [{escape(circle.name): paths.circle_page(circle)} for circle in circles]
                        sections.append({circle_type.plural: [paths.circle_type_page(circle_type), *entries]})
                item = {title: sections}
            elif isinstance(value, list):
                item = {title: expand_nav(value, organisation, limit)}
        expanded.append(item)
    return expanded


def nav_paths(nav: list[Any]) -> Iterator[str]:
    """Every page path that a ``nav`` configuration lists, at any depth."""
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from nav_paths(value)
