"""Settings of one site: where the sources are and the organisation's choices (not code).

The MkDocs plugin builds them from its config; the CLI reads the same ``plugins: cercles``
block of ``mkdocs.yml`` without importing MkDocs, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CADENCES = {"objectifs-prioritaires": "premier jour de chaque trimestre"}
DEFAULT_AGENDA_INTRO = "Les ateliers, permanences et réunions ouvertes au public"
"""The agenda page's opening words, before « , du <date> au <date>. »; an organisation names itself here."""
PAGE_TEMPLATES_DIR = "templates"
"""Folder of the organisation's theme (``custom_dir``) whose templates replace the generated pages' own."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What differs from one organisation to another, with La Raffinerie's choices as defaults."""

    root: Path
    """The project folder: source paths are shown relative to it in messages."""
    circles_dir: str = "circles"
    agenda_dir: str = "content/agenda"
    people_file: str = "personnes.yaml"
    timezone: str = "Europe/Paris"
    horizon_months: int = 6
    cadences: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CADENCES))
    site_url: str = ""
    site_name: str = ""
    site_dir: str = "site"
    docs_dir: str = "docs"
    agenda_intro: str = DEFAULT_AGENDA_INTRO
    kind_descriptions: dict[str, str] = field(default_factory=dict)
    """The organisation's own description of a moment kind, by kind value, instead of the neutral one."""
    theme_dir: Path | None = None
    """The organisation's ``custom_dir``, where ``templates/`` may replace any generated page's template."""

    @property
    def circles_path(self) -> Path:
        return self.root / self.circles_dir

    @property
    def agenda_path(self) -> Path:
        return self.root / self.agenda_dir

    @property
    def people_path(self) -> Path:
        return self.root / self.people_file


PLUGIN_KEYS = {"circles_dir", "agenda_dir", "people_file", "timezone", "horizon_months", "cadences", "agenda_intro",
               "kind_descriptions"}


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its ``!ENV`` and ``!!python/name`` tags become plain text."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_LenientLoader.add_multi_constructor("!", _ignore_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def settings_from_mkdocs_yml(config_file: Path) -> Settings:
    """The settings a build with this ``mkdocs.yml`` would use."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    options: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "cercles" in plugin:
            options = {key: value for key, value in (plugin["cercles"] or {}).items() if key in PLUGIN_KEYS}
    root = config_file.parent.resolve()
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Settings(root=root, theme_dir=root / str(custom_dir) if custom_dir else None, site_url=str(config.get("site_url") or ""),
                    site_name=str(config.get("site_name") or ""), site_dir=str(config.get("site_dir") or "site"),
                    docs_dir=str(config.get("docs_dir") or "docs"), **options)
