"""The MkDocs plugin: hands the generated pages to MkDocs; never computes anything itself.

Validation runs in ``on_config``, before MkDocs empties ``site/``, so a build with a mistake in
the sources fails with every problem listed and leaves the previous site untouched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from cercles.sources.problems import SourceError, format_problems
from cercles.sources.load import LoadResult, load_organisation
from cercles.site.nav import NAV_CIRCLES_LIMIT, expand_nav, nav_paths
from cercles.outputs import generated_clash, site_outputs
from cercles.site.search_folding import fold_search_index
from cercles.settings import DEFAULT_CADENCES, DEFAULT_TIMEZONE, Settings
from cercles.site.config import MAX_HORIZON_MONTHS, Cadences, Count, StrictConfig, Text, TimeZone, settings_from_config

log = logging.getLogger("mkdocs.plugins.cercles")
"""A logger under ``mkdocs.plugins`` so that warnings fail ``mkdocs build --strict``."""


class CerclesConfig(StrictConfig):
    """The ``plugins: - cercles:`` block of ``mkdocs.yml``; declarations only (validators in ``site/config.py``)."""

    circles_dir = Text("circles", "circles")
    agenda_dir = Text("content/agenda", "content/agenda")
    people_file = Text("personnes.yaml", "personnes.yaml")
    timezone = TimeZone(DEFAULT_TIMEZONE)
    horizon_months = Count(6, 1, MAX_HORIZON_MONTHS, "mois")
    cadences = Cadences(dict(DEFAULT_CADENCES))
    nav_circles_limit = Count(NAV_CIRCLES_LIMIT, 1, None, "cercles")


class CerclesPlugin(BasePlugin[CerclesConfig]):
    """Loads the organisation once per build and adds its pages to the site."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.result: LoadResult | None = None
        self.nav_pages: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = settings_from_config(config, self.config)
        try:
            self.result = load_organisation(self.settings)
        except SourceError as error:
            raise PluginError("Les sources contiennent des erreurs ; le site n'a pas été modifié.\n"
                              + format_problems(error.problems)) from None
        for warning in self.result.warnings:
            log.info("%s", warning)
        if config.nav is not None:
            config.nav = expand_nav(config.nav, self.result.organisation, self.config.nav_circles_limit)
            self.nav_pages = set(nav_paths(config.nav))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        assert self.settings is not None
        for path, content in site_outputs(self.result.organisation, self.settings).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(format_problems([generated_clash(path, config.docs_dir)]))
            # Role and action pages are reached from their circle and from /roles/, not from the nav.
            in_nav = config.nav is None or path in self.nav_pages or not path.endswith(".md")
            files.append(File.generated(config, path, content=content,
                                        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV))
        return files

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Runs after the search plugin has written its index, whatever the plugins' order."""
        fold_search_index(Path(config.site_dir))

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        server.watch(str(self.settings.circles_path))
        if self.settings.people_path.exists():
            server.watch(str(self.settings.people_path))
        return server
