"""The MkDocs plugin: hands the generated pages to MkDocs; never computes anything itself.

Validation runs in ``on_config``, before MkDocs empties ``site/``, so a build with a mistake in
the sources fails with every problem listed and leaves the previous site untouched. Under
``mkdocs serve`` a failed build would leave every request waiting until the file is fixed: there
the mistakes are logged first and the preview's pages all show « Erreurs dans les sources »
instead, until a save fixes them and the live reload brings the site back. Anything
that fails later is caught by the staged build (``staging.py``): ``site/`` is replaced only once
the whole build, ``--strict`` warnings included, has succeeded.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cercles.rules.outputs import output_problems
from cercles.sources.problems import Problem, SourceError, format_problems, relative_path
from cercles.sources.load import LoadResult, has_errors, load_organisation
from cercles.site.nav import NAV_CIRCLES_LIMIT, expand_nav, nav_paths
from cercles import paths
from cercles.feeds.secret import members_secret
from cercles.outputs import secret_feeds, site_outputs
from cercles.pages.render import gaps_page, source_errors_page, templates_replaced
from cercles.site.search_folding import fold_search_index
from cercles.site.staging import StagedSite, strict_warnings
from cercles.settings import (DEFAULT_AGENDA_INTRO, DEFAULT_CADENCES, DEFAULT_MANDATE_WARNING_DAYS, DEFAULT_SECRET_VARIABLE,
                              DEFAULT_TIMEZONE, Settings)
from cercles.site.config import (MAX_HORIZON_MONTHS, MAX_MANDATE_WARNING_DAYS, Cadences, Count, KindDescriptions, StrictConfig, Text, TimeZone,
                                 settings_from_config, unsupported_settings)
from cercles.site.incremental import MATERIAL_SEARCH, DirtyBuilds, DropDirtyWarning, MaterialSearch
from cercles.site.generated_page import GeneratedPage, Headings
from cercles.site.html_blocks import SetAside, Unsearched, set_aside
from cercles.site.look import THEME_DIR, drop_page_templates, register_look
from cercles.site.release import GeneratedFile, release_html, release_markdown

ERRORS_PAGE = "index.md"
"""Under serve, the page in the nav when the sources have errors (every other address shows it too)."""

log = logging.getLogger("mkdocs.plugins.cercles")
"""A logger under ``mkdocs.plugins`` so that warnings fail ``mkdocs build --strict``."""
_DIRTY_LOG = logging.getLogger("mkdocs.commands.build")
_DROP_DIRTY_WARNING = DropDirtyWarning()
"""On MkDocs' build logger while dirty builds run: its « inaccurate navigation » warning is untrue with Cercles."""


def _source_errors(problems: list[Problem]) -> PluginError:
    return PluginError("Les sources contiennent des erreurs ; le site n'a pas été modifié.\n" + format_problems(problems))


def _errors_as_not_found(config: MkDocsConfig) -> None:
    """Under serve, an address no page has (a new circle's, say) shows the errors too, through the 404 page.

    The error page is built at the site's root with relative links; a ``<base>`` makes them resolve
    from the root at any depth, which is where the server answers a missing page with ``404.html``.
    """
    site = Path(config.site_dir)
    built = (site / paths.page_url(ERRORS_PAGE) / "index.html").read_text(encoding="utf-8")
    base = f'<base href="{html.escape(urlsplit(config.site_url or "/").path)}">'
    (site / "404.html").write_text(built.replace("<head>", "<head>" + base, 1), encoding="utf-8")


class CerclesConfig(StrictConfig):
    """The ``plugins: - cercles:`` block of ``mkdocs.yml``; declarations only (validators in ``site/config.py``)."""

    circles_dir = Text("circles", "circles")
    agenda_dir = Text("content/agenda", "content/agenda")
    people_file = Text("personnes.yaml", "personnes.yaml")
    places_file = Text("lieux.yaml", "lieux.yaml")
    timezone = TimeZone(DEFAULT_TIMEZONE)
    horizon_months = Count(6, 1, MAX_HORIZON_MONTHS, "mois")
    cadences = Cadences(dict(DEFAULT_CADENCES))
    nav_circles_limit = Count(NAV_CIRCLES_LIMIT, 1, None, "cercles")
    agenda_intro = Text(DEFAULT_AGENDA_INTRO, "Les ateliers et permanences ouverts au public")
    kind_descriptions = KindDescriptions()
    members_secret_variable = Text(DEFAULT_SECRET_VARIABLE, DEFAULT_SECRET_VARIABLE)
    mandate_warning_days = Count(DEFAULT_MANDATE_WARNING_DAYS, 0, MAX_MANDATE_WARNING_DAYS, "jours")


class CerclesPlugin(BasePlugin[CerclesConfig]):
    """Loads the organisation once per build and adds its pages to the site."""

    staged_builds = True
    """False for ``mkdocs serve`` (it builds into its own temporary folder) and ``--dirty`` builds."""
    stage: StagedSite | None = None

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.result: LoadResult | None = None
        self.nav_pages: set[str] = set()
        self.serving = False
        """Under ``mkdocs serve`` the preview also shows « Ce qui reste à compléter »."""
        self.problems: list[Problem] = []
        """Under ``mkdocs serve``, the sources' errors of this build: the preview shows them instead of the site."""
        self.last_pages: set[str] = set()
        """The pages of the last good preview: on an error, each of their addresses shows the errors."""
        self._secret: str | None = None
        """The members' feeds' secret of this build, if set; kept here only, never logged nor put in the settings."""
        self.dirty: DirtyBuilds | None = None
        """Under ``cercles serve`` (MkDocs' dirty builds): what each rebuild keeps from the previous one."""
        self._outputs: set[str] = set()
        """This build's files, relative to ``site_dir``: what the next dirty build deletes if it no longer writes them."""
        self._set_aside: dict[str, SetAside] = {}
        """Generated pages between Markdown and HTML: their HTML blocks, kept out of Python-Markdown (``html_blocks.py``)."""
        self._unsearched: dict[str, Unsearched] = {}
        """Generated pages between HTML and their template: the blocks search leaves out, kept out of its way."""
        self._headings: Headings | None = None
        """This build's headings of generated pages, when the packaged templates write them (``generated_page.py``)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        register_look(config.theme)
        self.settings = settings_from_config(config, self.config)
        self.problems = []
        self._secret = None
        unsupported = unsupported_settings(config)
        if unsupported:
            return self._fail(config, unsupported)
        try:
            self.result = load_organisation(self.settings)
            self._secret = members_secret(self.settings.members_secret_variable)
        except SourceError as error:
            return self._fail(config, error.problems)
        if self.result.warnings:
            # One line, not one per gap: « cercles check » and the preview's page list them.
            where = " et la page « À compléter » de l'aperçu" if self.serving else ""
            log.info("Cercles : %d point(s) à compléter dans les sources ; « cercles check »%s les liste.",
                     len(self.result.warnings), where)
        if config.nav is not None:
            config.nav = expand_nav(config.nav, self.result.organisation, self.config.nav_circles_limit)
            if self.serving:
                config.nav.append({"À compléter": paths.GAPS_PAGE})
            self.nav_pages = set(nav_paths(config.nav))
        return config

    def _fail(self, config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
        """Stop the build on the sources' errors; under serve, log them first and show them instead of the site."""
        if not self.serving:
            raise _source_errors(problems) from None
        self.problems = problems
        log.error("Cercles : %d erreur(s) dans les sources ; l'aperçu affiche « Erreurs dans les sources » "
                  "à chaque adresse jusqu'à leur correction.", len(problems))
        for problem in problems:
            log.error("%s", problem)
        config.nav = [{"Erreurs dans les sources": ERRORS_PAGE}]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        drop_page_templates(files, config.theme)
        if self.problems:
            return self._error_files(files, config)
        assert self.result is not None
        try:
            outputs = site_outputs(self.result.organisation, self.settings)  # an organisation's page template may not compile
            self._check_outputs(outputs)
        except SourceError as error:
            self._fail(config, error.problems)
            return self._error_files(files, config)
        if self.serving:
            self.last_pages = {path for path in outputs if path.endswith(".md")}
            outputs[paths.GAPS_PAGE] = gaps_page(self.result.warnings)
        self._headings = None if templates_replaced(self.settings.theme_dir) else Headings(config)
        for path, content in outputs.items():
            # Role and action pages are reached from their circle and from /roles/, not from the nav.
            in_nav = config.nav is None or path in self.nav_pages or not path.endswith(".md")
            file = GeneratedFile.generated(config, path, content=content,
                                           inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if not in_nav and self._headings is not None:  # a page in the nav is made by MkDocs, with its nav title
                GeneratedPage(file, config, self._headings)
        return files

    def _error_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Every page the preview knows (its own and the last good build's) becomes the error page."""
        addresses = {file.src_uri for file in files.documentation_pages()} | self.last_pages | {ERRORS_PAGE}
        for file in files.documentation_pages():
            files.remove(file)
        page = source_errors_page(self.problems)
        for path in sorted(addresses):
            inclusion = InclusionLevel.UNDEFINED if path == ERRORS_PAGE else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=page, inclusion=inclusion))
        return files

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """A new session: MkDocs keeps this instance for every rebuild of ``mkdocs serve`` (and of a test process)."""
        self.serving = command == "serve"
        self.staged_builds = not self.serving and not dirty
        self.dirty = DirtyBuilds() if dirty else None
        self.last_pages = set()
        if dirty:
            _DIRTY_LOG.addFilter(_DROP_DIRTY_WARNING)

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Under dirty builds, once every plugin has shaped the files and the nav: which pages MkDocs renders."""
        if self.dirty is not None:
            own_dirs = [Path(folder) for folder in (config.theme.custom_dir, str(THEME_DIR)) if folder]
            self.dirty.plan(files, config, errors=bool(self.problems), theme_dirs=own_dirs)
        return nav

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Under dirty builds, after MkDocs read the modified pages: the others' titles for the nav."""
        if self.dirty is not None:
            env.bytecode_cache = self.dirty.templates
            self.dirty.restore(files, config)
            if self.dirty.everything:
                log.info("Cercles : les %d pages reconstruites (premier aperçu, ou menu, pages, titres, thème "
                         "ou mkdocs.yml modifiés).", len(self.dirty.rebuilt))
            else:
                log.info("Cercles : %d page(s) reconstruite(s), les autres n'ont pas changé.", len(self.dirty.rebuilt))
                log.debug("Cercles : pages reconstruites : %s", ", ".join(self.dirty.rebuilt))
        self._outputs = {file.dest_uri for file in files}
        return env

    def _check_outputs(self, outputs: Mapping[str, str | bytes]) -> None:
        """The rules ``cercles check`` runs on generated outputs: errors stop the build, warnings are logged."""
        assert self.settings is not None
        problems = output_problems(outputs, self.settings, preview=self.serving)
        if has_errors(problems, strict=False):
            raise SourceError(problems)
        for problem in problems:
            log.warning("%s", problem)

    @event_priority(-1000)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """After every other plugin: a generated page's HTML blocks are set aside while Markdown reads the rest."""
        if not isinstance(page.file, GeneratedFile) or self._headings is None:
            return markdown
        self._set_aside[page.file.src_uri] = aside = set_aside(markdown)
        return aside.skeleton

    @event_priority(1000)
    def _put_back_html_blocks(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Before any other plugin reads a generated page's HTML: its blocks back where Markdown left their placeholders."""
        aside = self._set_aside.pop(page.file.src_uri, None)
        if aside is None:
            return html
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= aside.anchor_ids()
        html, self._unsearched[page.file.src_uri] = aside.put_back(html)
        return html

    @event_priority(-1000)
    def _release_markdown(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """After every other plugin: a generated page's Markdown is no longer needed (``release.py``)."""
        release_markdown(page)
        return html

    on_page_content = CombinedEvent(_put_back_html_blocks, _release_markdown)

    @event_priority(1000)
    def _put_back_unsearched(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Before any other plugin reads the written page: the blocks search left out, back in place."""
        unsearched = self._unsearched.pop(page.file.src_uri, None)
        return output if unsearched is None else unsearched.put_back(output)

    @event_priority(-1000)
    def _release_html(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """After every other plugin: a generated page's HTML is in ``output`` and no longer needed (``release.py``)."""
        release_html(page)
        return output

    on_post_page = CombinedEvent(_put_back_unsearched, _release_html)

    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before MkDocs empties ``site_dir``: point it at a staging folder instead."""
        if self.staged_builds:
            self.stage = StagedSite.start(config)

    @event_priority(50)
    def _merge_search_index(self, *, config: MkDocsConfig) -> None:
        """Under dirty builds, before Material's search plugin writes its index: give it every page's entries.

        Material indexes a page when it renders it, so a dirty build's index holds the rebuilt
        pages only; its own dirty-reload merge assumes a single rebuilt page and moves it to the
        end. Here its entries become the whole site's, in a full build's order, and its memory of
        the previous index is cleared so that it writes them as they are: two attributes of
        Material's ``SearchPlugin``, touched here only and only under dirty builds.
        """
        search = config.plugins.get(MATERIAL_SEARCH)
        if self.dirty is None or search is None or not search.config.enabled:
            return
        material = cast(MaterialSearch, search)
        material.search_index.entries = self.dirty.merge_search_index(material.search_index.entries)
        material.search_index_prev = None

    @event_priority(-1000)
    def _publish(self, *, config: MkDocsConfig) -> None:
        """After every other plugin (the search index included): fold the index, then publish.

        Under ``--strict``, MkDocs fails the build after this event if it counted a warning, so
        the staging folder replaces ``site/`` only when that count is zero.
        """
        fold_search_index(Path(config.site_dir))
        if self.problems:
            _errors_as_not_found(config)
        else:
            self._outputs |= self._write_secret_feeds(Path(config.site_dir))
        if self.dirty is not None:
            self.dirty.remove_stale(Path(config.site_dir), self._outputs)
        self._finish_stage(succeeded=strict_warnings(log) == 0)

    on_post_build = CombinedEvent(_merge_search_index, _publish)

    def _write_secret_feeds(self, site_dir: Path) -> set[str]:
        """The members' feeds, written after every other plugin has run so that none of them (sitemap,
        search, a third-party plugin listing files) nor MkDocs' own log ever sees their paths; returns their paths."""
        if self._secret is None:
            return set()
        assert self.result is not None and self.settings is not None
        feeds = secret_feeds(self.result.organisation, self.settings, self._secret)
        for path, content in feeds.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return set(feeds)

    def on_build_error(self, *, error: Exception) -> None:
        self._finish_stage(succeeded=False)

    def on_shutdown(self) -> None:
        self._finish_stage(succeeded=False)  # interrupted (Ctrl-C): no event said how the build ended
        _DIRTY_LOG.removeFilter(_DROP_DIRTY_WARNING)

    def _finish_stage(self, *, succeeded: bool) -> None:
        """Publish or drop the staging folder, if there is one (none with serve, or once done)."""
        stage, self.stage = self.stage, None
        if stage is not None:
            stage.finish(succeeded=succeeded)
            if not succeeded:
                shown = relative_path(Path(stage.site_dir), self.settings.root) if self.settings else stage.site_dir
                log.error("La construction a échoué ; %s/ n'a pas été modifié.", shown)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        server.watch(str(self.settings.circles_path))
        for optional in (self.settings.people_path, self.settings.places_path):
            if optional.exists():
                server.watch(str(optional))
        return server
