"""The organisation → generated Markdown pages, through Jinja2 templates.

Volunteers' text reaches a page only through the ``md`` filter, which escapes it for both HTML
and Markdown: a ``<script>`` shows as text and ``[x](javascript:…)`` is not a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cercles.pages import french
from cercles import paths
from cercles.pages.agenda_view import AgendaView
from cercles.history import wording
from cercles.history.record import GovernanceHistory
from cercles.model import Circle, CircleType, MomentKind, Organisation, Role, Visibility

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(value: Any) -> Markup:
    """Escape a volunteer's text for a Markdown page: HTML entities, then Markdown backslashes."""
    html = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html).replace("\n", " "))


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("cercles.pages", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates never change during a build: no stat() per page
    )
    environment.filters["md"] = markdown_text
    return environment


ENVIRONMENT = _environment()
"""Compiled once per process: templates are parsed a single time whatever the number of pages."""


class PageRenderer:
    """Renders every page of one organisation; each method returns ``{source path: Markdown}``."""

    def __init__(self, organisation: Organisation, view: AgendaView, history: GovernanceHistory) -> None:
        self.organisation = organisation
        self.view = view
        self.history = history
        self.circle_ids = frozenset(circle.id for circle in organisation.circles)

    def _render(self, template: str, page: str, **context: Any) -> str:
        link: Callable[[str], str] = lambda target: paths.relative_link(page, target)
        return ENVIRONMENT.get_template(template).render(
            organisation=self.organisation, paths=paths, link=link, page=page, CircleType=CircleType,
            person=self.organisation.person_name, public_contact=self.organisation.public_contact, view=self.view, french=french,
            site_url=self.view.settings.site_url, kinds=list(MomentKind), history=self.history, wording=wording,
            circle_ids=self.circle_ids, **context,
        )

    def pages(self) -> dict[str, str]:
        """Every generated page: circles, actions, roles, their indexes, the agenda and the moments."""
        pages = {paths.CIRCLES_INDEX: self._render("circles_index.md.j2", paths.CIRCLES_INDEX),
                 paths.ROLES_INDEX: self._render("roles_index.md.j2", paths.ROLES_INDEX, domains=self._domains()),
                 paths.AGENDA_INDEX: self._render("agenda.md.j2", paths.AGENDA_INDEX,
                                                  circle_names={c.id: c.name for c in self.organisation.circles}),
                 paths.MOMENTS_PAGE: self._render("moments.md.j2", paths.MOMENTS_PAGE, **self._moments_by_kind()),
                 paths.JOURNAL_PAGE: self._render("journal.md.j2", paths.JOURNAL_PAGE),
                 paths.ARCHIVES_PAGE: self._render("archives.md.j2", paths.ARCHIVES_PAGE)}
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

    def _moments_by_kind(self) -> dict[str, Any]:
        """Public moments by kind, and the kinds that also have internal moments (named, never shown)."""
        by_kind: dict[MomentKind, list[Any]] = {}
        for moment in self.view.public_moments:
            by_kind.setdefault(moment.kind, []).append(moment)
        internal = {moment.kind for moment in self.organisation.moments if moment.visibility is Visibility.INTERNAL}
        return {"moments_by_kind": by_kind, "internal_kinds": internal}

    def _domains(self) -> list[tuple[str, Circle]]:
        """Which circle holds which domain, in alphabetical order of the domain."""
        return sorted(((domain, circle) for circle in self.organisation.circles for domain in circle.domains),
                      key=lambda pair: pair[0].casefold())


def role_kinds(role: Role) -> list[str]:
    """What a role is for the governance rules, as pages name it (« coordination », « référent·e »…)."""
    kinds = [("coordination", role.coordination), ("référent·e", role.referent), ("référent·e budget", role.budget_referent)]
    return [label for label, applies in kinds if applies]


def all_roles(circle: Circle) -> list[Role]:
    """A circle's roles followed by those of its actions, as « qui fait quoi » lists them."""
    return list(circle.roles) + [role for action in circle.actions for role in action.roles]


ENVIRONMENT.globals["all_roles"] = all_roles
ENVIRONMENT.globals["role_kinds"] = role_kinds
