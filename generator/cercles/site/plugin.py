"""The MkDocs plugin: hands the generated pages to MkDocs; never computes anything itself.

Validation runs in ``on_config``, before MkDocs empties ``site/``, so a build with a mistake in
the sources fails with every problem listed and leaves the previous site untouched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from cercles.sources.problems import SourceError, format_problems
from cercles.sources.load import LoadResult, load_organisation
from cercles.site.nav import NAV_CIRCLES_LIMIT, expand_nav, nav_paths
from cercles import paths
from cercles.outputs import site_outputs
from cercles.pages.render import gaps_page
from cercles.site.search_folding import fold_search_index
from cercles.settings import DEFAULT_CADENCES, Settings

log = logging.getLogger("mkdocs.plugins.cercles")
"""A logger under ``mkdocs.plugins`` so that warnings fail ``mkdocs build --strict``."""


class CerclesConfig(base.Config):
    """The ``plugins: - cercles:`` block of ``mkdocs.yml``; declarations only."""

    circles_dir = options.Type(str, default="circles")
    agenda_dir = options.Type(str, default="content/agenda")
    people_file = options.Type(str, default="personnes.yaml")
    timezone = options.Type(str, default="Europe/Paris")
    horizon_months = options.Type(int, default=6)
    cadences = options.Type(dict, default=dict(DEFAULT_CADENCES))
    nav_circles_limit = options.Type(int, default=NAV_CIRCLES_LIMIT)


class CerclesPlugin(BasePlugin[CerclesConfig]):
    """Loads the organisation once per build and adds its pages to the site."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.result: LoadResult | None = None
        self.nav_pages: set[str] = set()
        self.serving = False
        """Under ``mkdocs serve`` the preview also shows « Ce qui reste à compléter »."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent.resolve()
        self.settings = Settings(root=root, circles_dir=self.config.circles_dir, agenda_dir=self.config.agenda_dir,
                                 people_file=self.config.people_file, timezone=self.config.timezone,
                                 horizon_months=self.config.horizon_months, cadences=dict(self.config.cadences),
                                 site_url=config.site_url or "", site_name=config.site_name,
                                 site_dir=config.site_dir, docs_dir=config.docs_dir)
        try:
            self.result = load_organisation(self.settings)
        except SourceError as error:
            raise PluginError("Les sources contiennent des erreurs ; le site n'a pas été modifié.\n"
                              + format_problems(error.problems)) from None
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
        outputs = site_outputs(self.result.organisation, self.settings)
        if self.serving:
            outputs[paths.GAPS_PAGE] = gaps_page(self.result.warnings)
        for path, content in outputs.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} : ce fichier est généré par Cercles ; retirez-le du dossier {config.docs_dir}")
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
