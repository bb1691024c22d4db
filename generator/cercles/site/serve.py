"""``cercles serve``: the live preview (``make serve``), with rebuilds that re-render only what changed.

It is ``mkdocs serve --livereload --dirty``: MkDocs serves the site, watches the sources and
reloads the browser after each rebuild; ``--dirty`` lets the plugin tell MkDocs which pages an
edit changed (``incremental.py``), so a rebuild after editing one circle renders a handful of
pages instead of all of them. This module is the one place that asks for dirty builds: a plain
``mkdocs serve`` still rebuilds the whole site on every save.
"""

from __future__ import annotations

import argparse
import errno

import click
from mkdocs.__main__ import cli as mkdocs_cli
from mkdocs.config.config_options import IpAddress
from mkdocs.config.base import ValidationError

from cercles.site.config import SiteConfig
from cercles.sources.problems import Problem, SourceError, SourceLocation

SERVE_ARGUMENTS = ("serve", "--livereload", "--dirty")
"""MkDocs' command line for the preview; ``--livereload`` is needed with recent ``click`` (see DESIGN.md)."""


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cercles serve [--dev-addr HÔTE:PORT]`` on the CLI's subcommands."""
    serve = commands.add_parser("serve", help="affiche l'aperçu du site, rechargé à chaque modification des sources",
                                description="Construit le site, le sert à l'adresse donnée et le reconstruit à chaque "
                                            "enregistrement d'un cercle, de l'agenda ou d'une page : seules les pages "
                                            "modifiées sont refaites, tout le site quand le menu ou la liste des pages "
                                            "change. Ctrl-C l'arrête.")
    serve.add_argument("--dev-addr", type=_address, metavar="HÔTE:PORT",
                       help="adresse de l'aperçu (par défaut : celle de mkdocs.yml, sinon 127.0.0.1:8000)")
    serve.set_defaults(run=_serve)


def _address(value: str) -> str:
    """``--dev-addr`` checked as MkDocs checks it, refused in French before MkDocs starts."""
    try:
        IpAddress().validate(value)
    except ValidationError:
        raise argparse.ArgumentTypeError(f"adresse « {value} » invalide : attendu HÔTE:PORT, "
                                         "par exemple 127.0.0.1:8000") from None
    return value


def _serve(site: SiteConfig, arguments: argparse.Namespace) -> int:
    """Run MkDocs' own ``serve`` until Ctrl-C; its failures to start are French problems."""
    config_file = str(site.mkdocs.config_file_path)
    command = [*SERVE_ARGUMENTS, "--config-file", config_file]
    if arguments.dev_addr:
        command += ["--dev-addr", arguments.dev_addr]
    try:
        mkdocs_cli.main(args=command, prog_name="cercles serve", standalone_mode=False)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise SourceError([Problem(SourceLocation(config_file), "dev_addr", "cette adresse est déjà utilisée",
                                   "arrêtez l'autre aperçu, ou choisissez un autre port : --dev-addr 127.0.0.1:8001")]) from None
    except click.ClickException as error:
        raise SourceError([Problem(SourceLocation(config_file), "", f"l'aperçu n'a pas pu démarrer : « {error.format_message()} »",
                                   "corrigez la cause indiquée, puis relancez « cercles serve »")]) from None
    return 0
