"""The MkDocs plugin: hands the generated pages to MkDocs; never computes anything itself.

Validation runs in ``on_config``, before MkDocs empties ``site/``, so a build with a mistake in
the sources fails with every problem listed and leaves the previous site untouched. Anything
that fails later is caught by the staged build (``staging.py``): ``site/`` is replaced only once
the whole build, ``--strict`` warnings included, has succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from cercles.rules.outputs import output_problems
from cercles.sources.problems import Problem, SourceError, format_problems, relative_path
from cercles.sources.load import LoadResult, has_errors, load_organisation
from cercles.site.nav import NAV_CIRCLES_LIMIT, expand_nav, nav_paths
from cercles import paths
from cercles.outputs import site_outputs
from cercles.pages.render import gaps_page
from cercles.site.search_folding import fold_search_index
from cercles.site.staging import StagedSite, strict_warnings
from cercles.settings import DEFAULT_AGENDA_INTRO, DEFAULT_CADENCES, DEFAULT_TIMEZONE, Settings
from cercles.site.config import (MAX_HORIZON_MONTHS, Cadences, Count, KindDescriptions, StrictConfig, Text, TimeZone,
                                 settings_from_config)
from cercles.site.look import drop_page_templates, register_look

log = logging.getLogger("mkdocs.plugins.cercles")
"""A logger under ``mkdocs.plugins`` so that warnings fail ``mkdocs build --strict``."""


def _source_errors(problems: list[Problem]) -> PluginError:
    return PluginError("Les sources contiennent des erreurs ; le site n'a pas été modifié.\n" + format_problems(problems))


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

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        register_look(config.theme)
        self.settings = settings_from_config(config, self.config)
        try:
            self.result = load_organisation(self.settings)
        except SourceError as error:
            raise _source_errors(error.problems) from None
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

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        assert self.settings is not None
        drop_page_templates(files, config.theme)
        try:
            outputs = site_outputs(self.result.organisation, self.settings)
        except SourceError as error:  # an organisation's page template that does not compile
            raise _source_errors(error.problems) from None
        self._check_outputs(outputs)
        if self.serving:
            outputs[paths.GAPS_PAGE] = gaps_page(self.result.warnings)
        for path, content in outputs.items():
            # Role and action pages are reached from their circle and from /roles/, not from the nav.
            in_nav = config.nav is None or path in self.nav_pages or not path.endswith(".md")
            files.append(File.generated(config, path, content=content,
                                        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))
        return files

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.staged_builds = not self.serving and not dirty

    def _check_outputs(self, outputs: Collection[str]) -> None:
        """The rules ``cercles check`` runs on generated outputs: errors stop the build, warnings are logged."""
        assert self.settings is not None
        problems = output_problems(outputs, self.settings)
        if has_errors(problems, strict=False):
            raise _source_errors(problems)
        for problem in problems:
            log.warning("%s", problem)

    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before MkDocs empties ``site_dir``: point it at a staging folder instead."""
        if self.staged_builds:
            self.stage = StagedSite.start(config)

    @event_priority(-1000)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """After every other plugin (the search index included): fold the index, then publish.

        Under ``--strict``, MkDocs fails the build after this event if it counted a warning, so
        the staging folder replaces ``site/`` only when that count is zero.
        """
        fold_search_index(Path(config.site_dir))
        self._finish_stage(succeeded=strict_warnings(log) == 0)

    def on_build_error(self, *, error: Exception) -> None:
        self._finish_stage(succeeded=False)

    def on_shutdown(self) -> None:
        self._finish_stage(succeeded=False)  # interrupted (Ctrl-C): no event said how the build ended

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
