"""The one reading of ``mkdocs.yml``: MkDocs' own loader, for the plugin and the CLI alike.

``mkdocs.config.load_config`` resolves ``INHERIT``, ``!ENV`` and both forms of ``plugins:``, and
validates every option, ours included, so ``cercles check`` accepts exactly what ``mkdocs build
--strict`` builds. MkDocs reports in English through its log; this module collects those
messages and turns them into French ``Problem``s naming ``mkdocs.yml``, the key and the fix.
Our own options are declared with validators that speak French from the start.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base, load_config
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from cercles.model import MomentKind
from cercles.rules.outputs import CONFIG_FILE
from cercles.rules.recurrence import EXAMPLES, rhythm_problem
from cercles.settings import Settings
from cercles.text import did_you_mean
from cercles.sources.problems import Problem, SourceError, SourceLocation, relative_path

if TYPE_CHECKING:
    from cercles.site.plugin import CerclesConfig

PLUGIN = "cercles"
"""The plugin's name in ``plugins:`` (its entry point)."""
MAX_HORIZON_MONTHS = 36
"""Three years of occurrences: beyond that, the agenda and the feeds become noise."""
MAX_MANDATE_WARNING_DAYS = 366
"""A year ahead at most: a warning further away would be noise in every ``cercles check``."""


def _describe(value: object) -> str:
    """A value as the message shows it: « 48 », a list, nothing."""
    if value is None:
        return "rien"
    if isinstance(value, (list, dict)):
        return "une liste" if isinstance(value, list) else "un dictionnaire"
    return f"« {str(value)[:60]} »"


class Text(base.BaseConfigOption[str]):
    """A text option (a folder, a file name)."""

    def __init__(self, default: str, example: str) -> None:
        super().__init__()
        self.default = default
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"attendu un texte, reçu {_describe(value)} (par exemple « {self.example} »)")
        return value


class TimeZone(base.BaseConfigOption[ZoneInfo]):
    """An IANA time zone name, parsed once here: the rest of Cercles receives a ``ZoneInfo``."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> ZoneInfo:
        if isinstance(value, ZoneInfo):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"fuseau horaire {_describe(value)} inconnu "
                                  "(écrivez un nom de la base IANA, par exemple « Europe/Paris »)") from None


class Count(base.BaseConfigOption[int]):
    """A whole number within bounds (the agenda's horizon, the circles listed in the nav)."""

    def __init__(self, default: int, minimum: int, maximum: int | None, unit: str) -> None:
        super().__init__()
        self.default = default
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def run_validation(self, value: object) -> int:
        in_range = isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum \
            and (self.maximum is None or value <= self.maximum)
        if not in_range:
            bounds = f"entre {self.minimum} et {self.maximum}" if self.maximum is not None else f"d'au moins {self.minimum}"
            raise ValidationError(f"attendu un nombre entier de {self.unit} {bounds}, reçu {_describe(value)} "
                                  f"(par exemple « {self.default} »)")
        assert isinstance(value, int)
        return value


class Cadences(base.BaseConfigOption[dict[str, str]]):
    """Named rhythms (« cadence objectifs-prioritaires »), each checked by the rhythm reader of the sources."""

    def __init__(self, default: dict[str, str]) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise ValidationError(f"attendu un dictionnaire « nom: rythme », reçu {_describe(value)} "
                                  "(par exemple « objectifs-prioritaires: premier jour de chaque trimestre »)")
        for name, rhythm in value.items():
            if not isinstance(name, str) or not isinstance(rhythm, str):
                raise ValidationError(f"cadence {_describe(name)} : attendu un rythme écrit en texte, reçu {_describe(rhythm)} "
                                      f"(écrivez par exemple {EXAMPLES})")
            problem = rhythm_problem(rhythm)
            if problem is not None:
                raise ValidationError(f"cadence « {name} » : {problem[0]} ({problem[1]})")
        return dict(value)


class KindDescriptions(base.BaseConfigOption[dict[str, str]]):
    """``kind_descriptions``: the organisation's own text for some kinds of moment, keyed by kind."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        kinds = [kind.value for kind in MomentKind]
        if not isinstance(value, dict):
            raise ValidationError(f"attendu un dictionnaire « type: description », reçu {_describe(value)} "
                                  f"(types possibles : {', '.join(kinds)})")
        for key, text in value.items():
            if key not in kinds:
                raise ValidationError(f"« {key} » n'est pas un type de moment ({did_you_mean(str(key), kinds, ', '.join(kinds))})")
            if not isinstance(text, str) or not text.strip():
                raise ValidationError(f"la description de « {key} » doit être un texte non vide")
        return dict(value)


class StrictConfig(base.Config):
    """A plugin's options where a misspelt key is an error, not a default silently kept."""

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        known = sorted(self._schema_keys)
        for key in sorted(set(self.keys()) - self._schema_keys):
            hint = did_you_mean(key, known, ", ".join(known))
            failed.append((key, ValidationError(f"réglage inconnu du greffon {PLUGIN} ({hint})")))
        unknown = {f"Unrecognised configuration name: {key}" for key in self.keys()}
        return failed, [(key, warning) for key, warning in warnings if warning not in unknown]


def settings_from_config(config: MkDocsConfig, options: CerclesConfig) -> Settings:
    """The settings of a build: our plugin's options and the few MkDocs values Cercles needs.

    MkDocs makes ``docs_dir`` and ``site_dir`` absolute; messages show them as the user wrote
    them, relative to the project.
    """
    root = Path(config.config_file_path).parent.resolve()
    return Settings(root=root, circles_dir=options.circles_dir, agenda_dir=options.agenda_dir,
                    people_file=options.people_file, places_file=options.places_file, timezone=options.timezone,
                    horizon_months=options.horizon_months, cadences=dict(options.cadences),
                    site_url=config.site_url or "", site_name=config.site_name,
                    site_dir=relative_path(Path(config.site_dir), root), docs_dir=relative_path(Path(config.docs_dir), root),
                    agenda_intro=options.agenda_intro, kind_descriptions=dict(options.kind_descriptions),
                    theme_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
                    members_secret_variable=options.members_secret_variable, mandate_warning_days=options.mandate_warning_days)


def unsupported_settings(config: MkDocsConfig) -> list[Problem]:
    """MkDocs settings that Cercles' generated pages cannot follow, for check and build alike.

    Generated HTML links, the chart, the feeds and the subscribe boxes give each page's address
    as its folder (``cercles/potager/``): with ``use_directory_urls: false`` they would all lead
    nowhere, and MkDocs' own link check does not see them.
    """
    if config.use_directory_urls:
        return []
    return [Problem(SourceLocation(CONFIG_FILE), "use_directory_urls",
                    "Cercles publie chaque page dans son propre dossier (/cercles/<id>/) et ses liens générés le supposent",
                    "retirez « use_directory_urls: false » de mkdocs.yml")]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """``mkdocs.yml`` as MkDocs validated it, our plugin's options, and the settings built from them."""

    mkdocs: MkDocsConfig
    options: CerclesConfig
    settings: Settings


def load_site_config(config_file: Path) -> SiteConfig:
    """Load ``config_file`` as ``mkdocs build --strict`` would; ``SourceError`` in French otherwise.

    MkDocs' warnings are refused too (an unknown top-level key, a plugin given twice): the
    project's build runs with ``--strict``, which refuses them.
    """
    shown = str(config_file)
    if not config_file.is_file():
        raise SourceError([Problem(SourceLocation(shown), "", "fichier de configuration introuvable",
                                   "lancez la commande depuis le dossier du projet, ou donnez --config chemin/vers/mkdocs.yml")])
    with _mkdocs_log() as records:
        try:
            config = load_config(config_file=str(config_file))
        except (Abort, ConfigurationError) as error:
            messages = [record.getMessage() for record in records if record.levelno >= logging.ERROR] or [str(error)]
            raise SourceError([_problem(shown, message) for message in messages]) from None
    complaints = [record.getMessage() for record in records if record.levelno >= logging.WARNING]
    if complaints:
        raise SourceError([_problem(shown, message) for message in complaints])
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SourceError([Problem(SourceLocation(shown), "plugins", f"le greffon {PLUGIN} n'est pas déclaré",
                                   f"ajoutez « - {PLUGIN} » sous « plugins: »")])
    unsupported = unsupported_settings(config)
    if unsupported:
        raise SourceError(unsupported)
    options: CerclesConfig = plugin.config
    return SiteConfig(config, options, settings_from_config(config, options))


@contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """Collect what MkDocs logs while loading, instead of letting it reach the terminal in English."""
    handler = _Collector(logging.WARNING)
    records = handler.records
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Collector(logging.Handler):
    """Keeps MkDocs' log records for ``load_site_config`` to translate."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_OUR_OPTION = re.compile(rf"^Config value 'plugins': Plugin '{PLUGIN}' option '([^']+)': (.*)$", re.DOTALL)
_CONFIG_VALUE = re.compile(r"^Config value '([^']+)': (.*)$", re.DOTALL)


def _problem(shown: str, message: str) -> Problem:
    """One of MkDocs' messages as a Problem: ours are already French, MkDocs' own are quoted."""
    ours = _OUR_OPTION.match(message)
    if ours:
        return Problem(SourceLocation(shown), f"plugins.{PLUGIN}.{ours[1]}", ours[2])
    value = _CONFIG_VALUE.match(message)
    key, reason = (value[1], value[2]) if value else ("", message)
    return Problem(SourceLocation(shown), key, f"configuration refusée par MkDocs : {_english(reason)}",
                   "corrigez mkdocs.yml selon ce message ; aide : https://www.mkdocs.org/user-guide/configuration/")


def _english(reason: Any) -> str:
    """MkDocs' reason on one line, quoted as written (it is in English)."""
    return "« " + " ".join(str(reason).split()) + " »"
