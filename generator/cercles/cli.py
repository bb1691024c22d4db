"""The ``cercles`` command: check the sources (and, later, write feeds and pages to disk).

Every user mistake ends in a message naming file, line, field and fix, and exit status 1;
a traceback would mean a bug in Cercles, never in the sources.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cercles import paths
from cercles.sources.problems import format_problems
from cercles.tools.export import add_export_command
from cercles.tools.import_grist import add_import_grist_command
from cercles.sources.load import load_or_report
from cercles.outputs import members_feed
from cercles.tools.new import add_new_command
from cercles.settings import Settings, settings_from_mkdocs_yml


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cercles`` console script; returns the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        settings = _settings(Path(arguments.config))
    except FileNotFoundError:
        print(f"{arguments.config}: fichier de configuration introuvable (lancez la commande depuis le dossier du projet, "
              "ou donnez --config chemin/vers/mkdocs.yml)", file=sys.stderr)
        return 1
    status: int = arguments.run(settings, arguments)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cercles", description="Vérifie et publie les données d'une organisation en cercles.")
    parser.add_argument("--config", default="mkdocs.yml", help="chemin de mkdocs.yml (par défaut : ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    check = commands.add_parser("check", help="vérifie les cercles et l'agenda, et liste chaque problème")
    check.add_argument("--strict", action="store_true", help="traite les avertissements (« à préciser ») comme des erreurs")
    check.set_defaults(run=_check)
    members = commands.add_parser("members-feed", help="écrit le flux des membres (moments internes compris) hors du site")
    members.add_argument("--out", required=True, help="dossier de destination, en dehors de site/")
    members.set_defaults(run=_members_feed)
    add_new_command(commands)
    add_export_command(commands)
    add_import_grist_command(commands)
    return parser


def _settings(config: Path) -> Settings:
    if not config.is_file():
        raise FileNotFoundError(config)
    return settings_from_mkdocs_yml(config)


def _check(settings: Settings, arguments: argparse.Namespace) -> int:
    result = load_or_report(settings, strict=arguments.strict)
    if result is None:
        return 1
    if result.warnings:
        print(format_problems(result.warnings))
    organisation = result.organisation
    actions = sum(len(circle.actions) for circle in organisation.circles)
    print(f"OK : {len(organisation.circles)} cercles, {actions} actions, {len(organisation.moments)} moments.")
    return 0


def _members_feed(settings: Settings, arguments: argparse.Namespace) -> int:
    """Write the members' feed; refuse any folder the public site is built into."""
    out = Path(arguments.out).resolve()
    published = [(settings.root / folder).resolve() for folder in (settings.site_dir, settings.docs_dir)]
    if any(folder == out or folder in out.parents for folder in published):
        print(f"{arguments.out}: le flux des membres ne doit pas être écrit dans le site public ni dans ses sources "
              f"(choisissez un dossier hors de {settings.site_dir}/ et de {settings.docs_dir}/)", file=sys.stderr)
        return 1
    result = load_or_report(settings)
    if result is None:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    target = out / paths.MEMBERS_FEED
    target.write_bytes(members_feed(result.organisation, settings))
    print(f"{target} : {len(result.organisation.members_moments())} moments, internes compris "
          "(les moments confidentiels n'y figurent jamais). Ne le publiez pas.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
