"""``cercles export``: a complete project that any engine builds without the Cercles plugin.

Zensical reads ``mkdocs.yml`` but ignores third-party plugins, so it would build a site with no
circle, no agenda and no feed. The export writes what the plugin would have handed to MkDocs
as plain files instead: the hand-written pages, the generated pages and feeds beside them, the
theme overrides, and a ``mkdocs.yml`` without the ``cercles`` plugin and with the navigation the
plugin would have expanded. The sources (circles, agenda, people) are never copied: the agenda
files hold internal moments, and an engine that ignores ``exclude_docs`` would publish them.
"""

from __future__ import annotations

import argparse
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pathspec
import yaml

from cercles.rules.outputs import output_problems
from cercles.sources.load import LoadResult, has_errors, load_or_report
from cercles.sources.problems import Problem, SourceError, SourceLocation, report
from cercles.site.config import SiteConfig
from cercles.site.look import copy_look, default_logo
from cercles.site.nav import expand_nav, nav_paths
from cercles.outputs import site_outputs

DOCS = "docs"
"""Folder of the exported pages, beside the exported ``mkdocs.yml``."""
OVERRIDES = "overrides"
"""Folder of the exported theme overrides (``custom_dir``), Material's usual name."""
SITE = "site"
"""Where an engine builds the exported project: inside it, as Zensical requires."""
CONFIG = "mkdocs.yml"
MARKER = ".cercles-export"
"""Left in every export, so that a second export may replace the first and nothing else."""

DEFAULT_EXCLUDE = (".*", "/templates/")
"""What MkDocs never publishes from docs_dir, whatever ``exclude_docs`` says."""


def add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cercles export --out DIR`` on the CLI's subcommands."""
    export = commands.add_parser("export", help="écrit un projet complet (pages et flux générés compris) "
                                                "que Zensical ou tout autre moteur construit sans le greffon cercles",
                                 description="Écrit dans DOSSIER les pages du site, les pages et flux générés, le thème "
                                             "et un mkdocs.yml sans le greffon cercles, puis : cd DOSSIER && zensical build.")
    export.add_argument("--out", required=True, metavar="DOSSIER",
                        help="dossier de destination : nouveau, vide ou issu d'un export précédent, "
                             "hors du dossier des pages et différent du dossier du projet")
    export.set_defaults(run=_export)


def _export(site: SiteConfig, arguments: argparse.Namespace) -> int:
    """The ``export`` command: every refusal is a French message and exit status 1, never a traceback."""
    settings = site.settings
    try:
        config = _read_config(Path(arguments.config).resolve())
        out = _checked_out(Path(arguments.out), arguments.out, site)
        result = load_or_report(settings)
        if result is None:
            return 1
        summary = export_project(site, config, result, out)
    except SourceError as error:
        report(error.problems, counted=False)
        return 1
    except OSError as error:
        report([Problem(SourceLocation(arguments.out), "", f"écriture impossible ({error.strerror or error})",
                        "vérifiez le dossier et ses droits")], counted=False)
        return 1
    print(f"{out} : {summary.pages} pages générées, {summary.feeds} flux et {summary.copied} fichiers de "
          f"{settings.docs_dir}/ exportés. Construisez le site dans ce dossier, par exemple avec « zensical build ».")
    if result.warnings:
        print(f"{len(result.warnings)} avertissements (« à préciser ») : « cercles check » les liste.")
    return 0


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote, for the message a user reads."""

    pages: int
    feeds: int
    copied: int


def export_project(site: SiteConfig, config: dict[str, Any], result: LoadResult, out: Path) -> ExportSummary:
    """Write the exported project into ``out`` (already checked by ``_checked_out``).

    ``config`` is ``mkdocs.yml`` as written (tags kept), to be written back; what it means
    (folders, exclusions, our options) comes from ``site``, as MkDocs validated it.
    """
    settings = site.settings
    outputs = site_outputs(result.organisation, settings)
    sources = _copied_sources(site)
    problems = output_problems(outputs, settings)
    if has_errors(problems, strict=False):
        raise SourceError(problems)
    custom_dir = _custom_dir(site)
    out.mkdir(parents=True, exist_ok=True)
    _clear_previous_export(out)
    (out / MARKER).write_text("Dossier écrit par « cercles export » ; un nouvel export le remplace.\n", encoding="utf-8")
    docs = out / DOCS
    for relative, source in sources.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for relative, content in outputs.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    copy_look(custom_dir, out / OVERRIDES)
    exported = exported_config(config, site, result, outputs, custom_dir=custom_dir)
    (out / CONFIG).write_text(_dump(exported), encoding="utf-8")
    feeds = sum(1 for path in outputs if not path.endswith(".md"))
    return ExportSummary(pages=len(outputs) - feeds, feeds=feeds, copied=len(sources))


def exported_config(config: dict[str, Any], site: SiteConfig, result: LoadResult,
                    outputs: dict[str, str | bytes], *, custom_dir: Path | None) -> dict[str, Any]:
    """The original configuration, minus the plugin, plus what the plugin did at build time.

    Paths become those of the export; the ``Cercles`` nav entry is expanded as the plugin
    expands it; generated pages the nav does not list (roles, actions) are declared
    ``not_in_nav``, as the plugin declares them to MkDocs; the theme's overrides are the packaged
    look with the organisation's own on top, and its logo the plugin's default.
    """
    exported = dict(config)
    exported["docs_dir"] = DOCS
    exported["site_dir"] = SITE
    theme = exported.get("theme")
    if theme == "material":
        theme = {"name": "material"}
    if isinstance(theme, dict):
        theme = dict(theme)
        if theme.get("name") == "material":
            # Zensical's default "modern" variant hides the logo and ignores the header colours of
            # our stylesheet; "classic" is Material's look. MkDocs' Material ignores the option.
            theme.setdefault("variant", "classic")
        theme["custom_dir"] = OVERRIDES
        default_logo(theme, custom_dir)
        exported["theme"] = theme
    if "plugins" in exported:
        exported["plugins"] = _without_cercles(exported["plugins"])
    for key in ("hooks", "watch"):
        if isinstance(exported.get(key), list):
            exported[key] = [str((site.settings.root / entry).resolve()) if isinstance(entry, str) else entry
                             for entry in exported[key]]
    nav = exported.get("nav")
    if isinstance(nav, list):
        nav = expand_nav(nav, result.organisation, site.options.nav_circles_limit)
        exported["nav"] = nav
        listed = set(nav_paths(nav))
        hidden = sorted(path for path in outputs if path.endswith(".md") and path not in listed)
        if hidden:
            previous = exported.get("not_in_nav")
            lines = [previous.rstrip("\n")] if isinstance(previous, str) and previous.strip() else []
            exported["not_in_nav"] = "\n".join(lines + [f"/{path}" for path in hidden]) + "\n"
    return exported


def _checked_out(out: Path, shown: str, site: SiteConfig) -> Path:
    """The destination, resolved; refuses any folder whose use would publish or destroy something."""
    settings = site.settings
    target = out.resolve()
    root = settings.root.resolve()
    docs = (root / settings.docs_dir).resolve()
    custom_dir = _custom_dir(site)
    refusal: tuple[str, str] | None = None
    if target == root:
        refusal = ("c'est le dossier du projet", "l'export doit aller dans un autre dossier, par exemple : cercles export --out ../export")
    elif target == docs or docs in target.parents:
        refusal = (f"ce dossier est dans {settings.docs_dir}/, les pages du site : l'export y serait publié et recopié à chaque fois",
                   f"choisissez un dossier hors de {settings.docs_dir}/")
    elif custom_dir is not None and (target == custom_dir or custom_dir in target.parents):
        refusal = (f"ce dossier est dans le thème ({_relative(custom_dir, root)}/)", "choisissez un dossier hors du thème")
    elif target.exists() and not target.is_dir():
        refusal = ("c'est un fichier, pas un dossier", "donnez un dossier nouveau ou vide")
    elif target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        refusal = ("ce dossier n'est pas vide et ne vient pas d'un export précédent",
                   "pour ne rien écraser, donnez un dossier nouveau ou vide")
    if refusal is not None:
        raise SourceError([Problem(SourceLocation(shown), "--out", *refusal)])
    return target


def _clear_previous_export(out: Path) -> None:
    """Remove what a previous export wrote, so that a deleted circle leaves no page behind."""
    for name in (DOCS, OVERRIDES):
        if (out / name).is_dir():
            shutil.rmtree(out / name)
    for name in (CONFIG, MARKER):
        (out / name).unlink(missing_ok=True)


def _copied_sources(site: SiteConfig) -> dict[str, Path]:
    """The files of docs_dir an engine should publish: MkDocs' exclusions and our sources left out."""
    settings = site.settings
    docs = Path(site.mkdocs.docs_dir).resolve()
    specs = [pathspec.GitIgnoreSpec.from_lines(DEFAULT_EXCLUDE)] + ([site.mkdocs.exclude_docs] if site.mkdocs.exclude_docs else [])
    never = [path.resolve() for path in (settings.agenda_path, settings.circles_path, settings.people_path)]
    files: dict[str, Path] = {}
    for folder, subfolders, names in os.walk(docs, followlinks=True):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            relative = PurePosixPath(path.relative_to(docs).as_posix())
            resolved = path.resolve()
            if any(spec.match_file(str(relative)) for spec in specs):
                continue
            if any(resolved == source or source in resolved.parents for source in never):
                continue
            files[str(relative)] = path
    return files


def _custom_dir(site: SiteConfig) -> Path | None:
    """The theme overrides folder, as MkDocs resolved (and checked) it."""
    custom_dir: str | None = site.mkdocs.theme.custom_dir
    return Path(custom_dir).resolve() if custom_dir else None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _without_cercles(plugins: Any) -> Any:
    """The ``plugins`` setting without ours, in whichever of MkDocs' two forms it was written."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != "cercles"}
    if isinstance(plugins, list):
        return [plugin for plugin in plugins
                if plugin != "cercles" and not (isinstance(plugin, dict) and "cercles" in plugin)]
    return plugins


class _Tagged:
    """A YAML value with a tag we do not interpret (``!ENV``, ``!!python/name:…``), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _KeepingLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs and without losing its tags, so the export can write them back."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


_KeepingLoader.add_multi_constructor("!", _keep_tag)
_KeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _KeepingDumper(yaml.SafeDumper):
    """Writes tags back as read, and multi-line text (``exclude_docs``) as a readable block."""


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_KeepingDumper.add_representer(_Tagged, _represent_tagged)
_KeepingDumper.add_representer(str, _represent_text)


def _read_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as written, to write back: MkDocs has already loaded and validated it."""
    config: dict[str, Any] = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepingLoader)
    if "INHERIT" in config:
        raise SourceError([Problem(SourceLocation(config_file.name), "INHERIT", "non pris en charge par l'export",
                                   "recopiez les réglages hérités dans ce fichier")])
    return config


def _dump(config: dict[str, Any]) -> str:
    header = "# Écrit par « cercles export » à partir de la configuration du projet : ne pas modifier ici.\n"
    body: str = yaml.dump(config, Dumper=_KeepingDumper, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=120)
    return header + body
