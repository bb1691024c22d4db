"""Settings of one site: where the sources are and the organisation's choices (not code).

Only ``cercles.site.config`` builds them, from ``mkdocs.yml`` as MkDocs itself reads and
validates it, for the plugin and the CLI alike: both always agree, and the core never
imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_CADENCES = {"objectifs-prioritaires": "premier jour de chaque trimestre"}
DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_AGENDA_INTRO = "Les ateliers, permanences et réunions ouvertes au public"
"""The agenda page's opening words, before « , du <date> au <date>. »; an organisation names itself here."""
DEFAULT_SECRET_VARIABLE = "CERCLES_SECRET_MEMBRES"
"""The environment variable holding the secret of the members' feeds' addresses (``members_secret_variable``)."""
DEFAULT_MANDATE_WARNING_DAYS = 30
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
    places_file: str = "lieux.yaml"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    """Parsed once, when the config is validated; its ``key`` is the IANA name."""
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
    members_secret_variable: str = DEFAULT_SECRET_VARIABLE
    """The name of the environment variable holding the secret; the secret itself is never kept in the settings."""
    mandate_warning_days: int = DEFAULT_MANDATE_WARNING_DAYS
    """``cercles check`` warns when a mandate ends within this many days."""
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

    @property
    def places_path(self) -> Path:
        return self.root / self.places_file
