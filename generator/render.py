"""The organisation → generated Markdown pages, through Jinja2 templates.

Volunteers' text reaches a page only through the ``md`` filter, which escapes it for both HTML
and Markdown: a ``<script>`` shows as text and ``[x](javascript:…)`` is not a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator import paths
from generator.model import Circle, CircleType, Organisation, Role

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(value: Any) -> Markup:
    """Escape a volunteer's text for a Markdown page: HTML entities, then Markdown backslashes."""
    html = str(escape(str(value)))
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html).replace("\n", " "))


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    return environment


ENVIRONMENT = _environment()
"""Compiled once per process: templates are parsed a single time whatever the number of pages."""


class PageRenderer:
    """Renders every page of one organisation; each method returns ``{source path: Markdown}``."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def _render(self, template: str, page: str, **context: Any) -> str:
        link: Callable[[str], str] = lambda target: paths.relative_link(page, target)
        return ENVIRONMENT.get_template(template).render(
            organisation=self.organisation, paths=paths, link=link, page=page, CircleType=CircleType,
            person=self.organisation.person_name, **context,
        )

    def pages(self) -> dict[str, str]:
        """Every generated page of the wiki part (circles, actions, roles and their indexes)."""
        pages = {paths.CIRCLES_INDEX: self._render("circles_index.md.j2", paths.CIRCLES_INDEX),
                 paths.ROLES_INDEX: self._render("roles_index.md.j2", paths.ROLES_INDEX, domains=self._domains())}
        for circle in self.organisation.circles:
            page = paths.circle_page(circle)
            pages[page] = self._render("circle.md.j2", page, circle=circle)
            for role in circle.roles:
                pages[paths.role_page(role)] = self._render("role.md.j2", paths.role_page(role), role=role, circle=circle, action=None)
            for action in circle.actions:
                pages[paths.action_page(action)] = self._render("action.md.j2", paths.action_page(action), action=action, circle=circle)
                for role in action.roles:
                    pages[paths.role_page(role)] = self._render("role.md.j2", paths.role_page(role), role=role, circle=circle, action=action)
        return pages

    def _domains(self) -> list[tuple[str, Circle]]:
        """Which circle holds which domain, in alphabetical order of the domain."""
        return sorted(((domain, circle) for circle in self.organisation.circles for domain in circle.domains),
                      key=lambda pair: pair[0].casefold())


def all_roles(circle: Circle) -> list[Role]:
    """A circle's roles followed by those of its actions, as « qui fait quoi » lists them."""
    return list(circle.roles) + [role for action in circle.actions for role in action.roles]


ENVIRONMENT.globals["all_roles"] = all_roles
