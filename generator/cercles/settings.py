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

    @property
    def circles_path(self) -> Path:
        return self.root / self.circles_dir

    @property
    def agenda_path(self) -> Path:
        return self.root / self.agenda_dir

    @property
    def people_path(self) -> Path:
        return self.root / self.people_file


PLUGIN_KEYS = {"circles_dir", "agenda_dir", "people_file", "timezone", "horizon_months", "cadences"}


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
    return Settings(root=config_file.parent.resolve(), site_url=str(config.get("site_url") or ""),
                    site_name=str(config.get("site_name") or ""), site_dir=str(config.get("site_dir") or "site"),
                    docs_dir=str(config.get("docs_dir") or "docs"), **options)
