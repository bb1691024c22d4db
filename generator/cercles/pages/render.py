"""The organisation → generated Markdown pages, through Jinja2 templates.

Volunteers' text reaches a page only through the ``md`` filter, which escapes it for both HTML
and Markdown: a ``<script>`` shows as text and ``[x](javascript:…)`` is not a link.

An organisation replaces any page's template by putting a file of the same name in the
``templates/`` folder of its theme (``custom_dir``); the others come from the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError,
                    TemplateSyntaxError, select_autoescape)
from markupsafe import Markup

from cercles.pages import event, french
from cercles import paths
from cercles.pages.agenda_view import AgendaView
from cercles.pages.chart import organisation_chart
from cercles.pages.subscribe import SubscribeLinks
from cercles.history import wording
from cercles.history.record import GovernanceHistory
from cercles.model import Circle, CircleType, Moment, MomentKind, Organisation, Role, Visibility, kinds_of
from cercles.rules.recurrence import spelled_out
from cercles.text import comparison_key
from cercles.settings import PAGE_TEMPLATES_DIR, Settings
from cercles.sources.problems import Problem, SourceError, SourceLocation, relative_path

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
"""Python-Markdown's own backslash escapes (its ``ESCAPED_CHARS``): they work whatever the site enables."""
_BY_REFERENCE = str.maketrans({"|": "&#124;", "~": "&#126;"})
"""Syntax of optional extensions (tables, pymdownx.tilde): a backslash before them shows as typed when the
extension is off (« Atelier \\~ vélo »), a numeric character reference shows the character either way."""


def _escaped(value: Any) -> str:
    """A volunteer's text with HTML's own specials as entities, on one line."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def markdown_text(value: Any) -> Markup:
    """Escape a volunteer's text for a Markdown page: HTML entities, Markdown backslashes, then references."""
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", _escaped(value)).translate(_BY_REFERENCE))


def html_text(value: Any) -> Markup:
    """Escape a volunteer's text for the content of an element in a raw HTML block (an attribute takes Jinja's
    own escaping): the same HTML as ``markdown_text`` once Markdown has read it, and on one line, because a
    blank line would end the block and hand the rest to Markdown."""
    return Markup(_escaped(value))


@cache
def environment(theme_dir: Path | None) -> Environment:
    """Compiled once per process and theme: templates are parsed a single time whatever the number of pages."""
    loader: BaseLoader = PackageLoader("cercles.pages", "templates")
    if theme_dir is not None:
        loader = ChoiceLoader([FileSystemLoader(theme_dir / PAGE_TEMPLATES_DIR), loader])
    environment = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates never change during a build: no stat() per page
    )
    environment.filters["md"] = markdown_text
    environment.filters["html"] = html_text
    environment.globals["all_roles"] = all_roles
    environment.globals["role_kinds"] = role_kinds
    environment.globals["meeting_phrase"] = meeting_phrase
    environment.globals["organisation_chart"] = organisation_chart
    environment.globals["subscribe_links"] = SubscribeLinks.of
    environment.globals["public_kinds"] = kinds_of
    return environment


def templates_replaced(theme_dir: Path | None) -> bool:
    """Whether the organisation replaces any of the packaged page templates (``theme/templates/*.j2``):
    its own may write Markdown anywhere, where the packaged ones write HTML between headings."""
    folder = theme_dir / PAGE_TEMPLATES_DIR if theme_dir is not None else None
    return folder is not None and any(folder.glob("*.j2"))


class PageRenderer:
    """Renders every page of one organisation; each method returns ``{source path: Markdown}``."""

    def __init__(self, organisation: Organisation, view: AgendaView, settings: Settings, history: GovernanceHistory) -> None:
        self.organisation = organisation
        self.view = view
        self.settings = settings
        self.history = history
        self.circle_ids = frozenset(circle.id for circle in organisation.circles)
        self.blocks: dict[tuple[object, ...], str] = {}

    def written_once(self, *key: object, caller: Callable[[], str]) -> str:
        """A block of a page written once per ``key`` (what the block depends on) and reused on every page that
        shows it: ``{% call written_once(…) %}…{% endcall %}`` in a template, for the agenda's occurrences."""
        if key not in self.blocks:
            self.blocks[key] = caller()
        return self.blocks[key]

    def _render(self, template: str, page: str, **context: Any) -> str:
        link: Callable[[str], str] = lambda target: paths.relative_link(page, target)
        href: Callable[[str], str] = lambda target: paths.relative_url(page, target)
        settings = self.settings
        try:
            return environment(settings.theme_dir).get_template(template).render(
                organisation=self.organisation, paths=paths, link=link, href=href, page=page, CircleType=CircleType,
                person=self.organisation.person_name, public_contact=self.organisation.public_contact, view=self.view,
                french=french, site_url=settings.site_url, site_name=settings.site_name, kinds=list(MomentKind), agenda_intro=settings.agenda_intro,
                kind_descriptions=settings.kind_descriptions, cadences=settings.cadences, history=self.history,
                wording=wording, circle_ids=self.circle_ids, written_once=self.written_once, **context,
            )
        except TemplateError as error:
            raise SourceError([self._template_problem(error, template, page)]) from None

    def _template_problem(self, error: TemplateError, template: str, page: str) -> Problem:
        """A template the organisation replaced fails: say which file and line, never a traceback."""
        filename, line = (error.filename, error.lineno) if isinstance(error, TemplateSyntaxError) else (None, None)
        traceback = error.__traceback__
        while traceback is not None:  # Jinja maps the failing template line onto a frame of that file
            if traceback.tb_frame.f_code.co_filename.endswith(".j2"):
                filename, line = traceback.tb_frame.f_code.co_filename, traceback.tb_lineno
            traceback = traceback.tb_next
        shown = relative_path(Path(filename), self.settings.root) if filename else template
        return Problem(SourceLocation(shown, line), "", f"modèle de page illisible en écrivant {page} ({error.message or error})",
                       "corrigez ce modèle, ou retirez-le pour revenir à celui de Cercles")

    def pages(self) -> dict[str, str]:
        """Every generated page: circles, actions, roles, their indexes, the agenda and the moments."""
        pages = {paths.CIRCLES_INDEX: self._render("circles_index.md.j2", paths.CIRCLES_INDEX),
                 paths.ROLES_INDEX: self._render("roles_index.md.j2", paths.ROLES_INDEX, domains=self._domains()),
                 paths.AGENDA_INDEX: self._render("agenda.md.j2", paths.AGENDA_INDEX,
                                                  circle_names={c.id: c.name for c in self.organisation.circles}),
                 paths.MOMENTS_PAGE: self._render("moments.md.j2", paths.MOMENTS_PAGE, **self._moments_by_kind()),
                 paths.EMBED_PAGE: self._render("integrer.md.j2", paths.EMBED_PAGE),
                 paths.JOURNAL_PAGE: self._render("journal.md.j2", paths.JOURNAL_PAGE),
                 paths.ARCHIVES_PAGE: self._render("archives.md.j2", paths.ARCHIVES_PAGE)}
        pages.update(self._agenda_pages())
        for circle_type in CircleType:
            if self.organisation.circles_of_type(circle_type):
                page = paths.circle_type_page(circle_type)
                pages[page] = self._render("circle_type.md.j2", page, circle_type=circle_type)
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

    def _agenda_pages(self) -> dict[str, str]:
        """A page per public moment, the months of a split agenda, the archive, and « Venir » when places are known."""
        circle_names = {c.id: c.name for c in self.organisation.circles}
        pages = {}
        for moment in self.view.public_moments:
            page = paths.moment_page(moment)
            lines = event.date_lines(moment, self.view.window_start, self.view.window_end)
            first = next((line.takes_place for line in lines if line.takes_place), None)
            url = self.view.moment_url(moment)
            google = event.google_calendar_link(moment, first, url) if moment.rrule is None and first else None
            data = [event.schema_event(moment, line.takes_place or line.start, line.end(line.takes_place or line.start),
                                       line.status, organiser=self.view.organiser(circle_names[moment.circle_id]),
                                       site_url=self.settings.site_url, url=url,
                                       previous_start=line.start if line.moved_to else None) for line in lines]
            pages[page] = self._render("moment.md.j2", page, moment=moment, lines=lines, google=google, url=url,
                                       json_ld=event.json_ld(data[0] if len(data) == 1 else data))
        if self.view.split:
            for month in self.view.months():
                pages[month.page] = self._render("agenda_month.md.j2", month.page, month=month)
        pages[paths.AGENDA_ARCHIVES_PAGE] = self._render("agenda_archives.md.j2", paths.AGENDA_ARCHIVES_PAGE)
        if self.organisation.places:
            pages[paths.PLACES_PAGE] = self._render("places.md.j2", paths.PLACES_PAGE,
                                                    places=list(self.organisation.places.values()))
        return pages

    def _moments_by_kind(self) -> dict[str, Any]:
        """Every rhythm the public may know, by kind: public moments in full, internal ones as
        « when and which circle » only (never their title, dates, place or description), and the
        circles' operational meetings. Confidential moments are left out entirely."""
        meetings = [circle for circle in self.organisation.circles
                    if circle.meetings and (circle.meetings.moment is None or circle.meetings.moment.visibility.rhythm_is_public)]
        meeting_ids = {circle.meetings.moment.id for circle in self.organisation.circles if circle.meetings and circle.meetings.moment}
        public: dict[MomentKind, list[Moment]] = {}
        for moment in self.view.public_moments:
            if moment.id not in meeting_ids:
                public.setdefault(moment.kind, []).append(moment)
        internal: dict[MomentKind, list[tuple[str, Circle]]] = {}
        said: set[tuple[MomentKind, str, str]] = set()  # a rhythm is said once per kind and circle
        for moment in self.organisation.moments:
            if moment.visibility is Visibility.INTERNAL and moment.id not in meeting_ids:
                phrase = rhythm_phrase(moment, self.settings.cadences)
                if (moment.kind, phrase, moment.circle_id) not in said:
                    said.add((moment.kind, phrase, moment.circle_id))
                    internal.setdefault(moment.kind, []).append((phrase, self.organisation.circle(moment.circle_id)))
        return {"moments_by_kind": public, "internal_by_kind": internal, "meeting_circles": meetings}

    def _domains(self) -> list[tuple[str, Circle]]:
        """Which circle holds which domain, in alphabetical order of the domain."""
        return sorted(((domain, circle) for circle in self.organisation.circles for domain in circle.domains),
                      key=lambda pair: comparison_key(pair[0]))


def gaps_page(problems: list[Problem]) -> str:
    """« Ce qui reste à compléter »: the warnings of ``cercles check`` as a page for editors' previews."""
    return _problems_page("gaps.md.j2", problems)


def source_errors_page(problems: list[Problem]) -> str:
    """« Erreurs dans les sources »: what the preview shows, at every page's address, until the sources are fixed."""
    return _problems_page("source_errors.md.j2", problems)


def _problems_page(template: str, problems: list[Problem]) -> str:
    """Pages for editors use the packaged templates only: an organisation's own may be what is broken."""
    return environment(None).get_template(template).render(problems=problems)


def rhythm_phrase(moment: Moment, cadences: Mapping[str, str]) -> str:
    """When a moment comes back, without its dates: « chaque mercredi à 13 h 30 », « ponctuellement »."""
    if moment.rrule is None:
        return "ponctuellement"
    spelled = spelled_out(moment.rhythm_text or "", cadences) or "à un rythme régulier"
    return f"{spelled} à {french.clock(moment.start)}" + (" (horaire à confirmer)" if moment.provisional else "")


def meeting_phrase(circle: Circle, cadences: Mapping[str, str]) -> str:
    """A circle's operational meetings, as the moments page says them: « chaque trimestre »."""
    assert circle.meetings is not None
    if circle.meetings.moment is not None:
        return rhythm_phrase(circle.meetings.moment, cadences)
    return spelled_out(circle.meetings.rhythm, cadences) or "à un rythme régulier"


def role_kinds(role: Role) -> list[str]:
    """What a role is for the governance rules, as pages name it (« coordination », « référent·e »…)."""
    kinds = [("coordination", role.coordination), ("référent·e", role.referent), ("référent·e budget", role.budget_referent)]
    return [label for label, applies in kinds if applies]


def all_roles(circle: Circle) -> list[Role]:
    """A circle's roles followed by those of its actions, as « qui fait quoi » lists them."""
    return list(circle.roles) + [role for action in circle.actions for role in action.roles]
