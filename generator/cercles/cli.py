"""The ``cercles`` command: check the sources (and, later, write feeds and pages to disk).

Every user mistake ends in a message naming file, line, field and fix, and exit status 1;
a traceback would mean a bug in Cercles, never in the sources.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from cercles import paths
from cercles.text import did_you_mean
from cercles.sources.problems import Problem, SourceError, SourceLocation, report
from cercles.site.config import SiteConfig, load_site_config
from cercles.site.serve import add_serve_command
from cercles.tools.export import add_export_command
from cercles.tools.import_grist.command import add_import_grist_command
from cercles.tools.init import add_init_command
from cercles.tools.members_link import add_members_link_command
from cercles.sources.load import has_errors, load_or_report
from cercles.feeds.secret import members_secret
from cercles.outputs import members_feed, site_outputs
from cercles.rules.outputs import output_problems
from cercles.tools.new import add_new_command

USAGE_ERROR = 2
"""argparse's exit status for a mistyped command, kept: scripts tell it from a refused source."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cercles`` console script; returns the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    if "run_without_config" in arguments:  # ``init`` writes the first mkdocs.yml
        created: int = arguments.run_without_config(arguments)
        return created
    try:
        site = load_site_config(Path(arguments.config))
        status: int = arguments.run(site, arguments)
    except SourceError as error:  # every command's refusals end here, printed the one way
        report(error.problems, counted=False)
        return 1
    return status


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse speaking French: usage, help titles and argument errors, printed as problems.

    argparse's texts go through gettext, which has no French catalogue on most machines, so its
    few messages are translated here; subcommands inherit the class through ``add_subparsers``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "utilisation : ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "utilisation : ", 1)

    def error(self, message: str) -> NoReturn:
        field, text, hint = _translated(message)
        self.print_usage(sys.stderr)
        report([Problem(SourceLocation(self.prog), field, text, hint or f"voir « {self.prog} --help »")], counted=False)
        self.exit(USAGE_ERROR)


_ARGUMENT_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"unrecognized arguments: (.*)"), "argument(s) non reconnu(s) : {0}"),
    (re.compile(r"expected one argument"), "attend une valeur"),
    (re.compile(r"expected at least one argument"), "attend au moins une valeur"),
    (re.compile(r"expected at most one argument"), "attend au plus une valeur"),
    (re.compile(r"ignored explicit argument (.*)"), "ne prend pas de valeur (reçu {0})"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), "option {0} ambiguë : {1}"),
    (re.compile(r"invalid \S+ value: (.*)"), "valeur {0} invalide"),
    (re.compile(r"not allowed with argument (.*)"), "incompatible avec {0}"),
)
_REQUIRED = re.compile(r"the following arguments are required: (.*)")
_INVALID_CHOICE = re.compile(r"invalid choice: '(.*)' \(choose from (.*)\)")


def _translated(message: str) -> tuple[str, str, str | None]:
    """argparse's English message → (the argument concerned, the French text, a hint if better than --help)."""
    argument, _, detail = message.partition(": ") if message.startswith("argument ") else ("", "", message)
    field = argument.removeprefix("argument ")
    required = _REQUIRED.fullmatch(detail)
    if required:
        return required[1], "argument obligatoire absent", None
    choice = _INVALID_CHOICE.fullmatch(detail)
    if choice:
        choices = [word.strip("'") for word in choice[2].split(", ")]
        return field, f"« {choice[1]} » inconnu", did_you_mean(choice[1], choices, ", ".join(choices))
    for pattern, french in _ARGUMENT_ERRORS:
        match = pattern.fullmatch(detail)
        if match:
            return field, french.format(*match.groups()), None
    return field, detail, None


def _parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = FrenchArgumentParser(prog="cercles", description="Vérifie et publie les données d'une organisation en cercles.")
    parser.add_argument(*CONFIG_OPTION, default="mkdocs.yml", help=CONFIG_HELP)
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
    add_init_command(commands)
    add_members_link_command(commands)
    add_serve_command(commands)
    _accept_config_after_the_command(parser)
    return parser


CONFIG_OPTION = ("--config",)
CONFIG_HELP = "chemin de mkdocs.yml (par défaut : ./mkdocs.yml)"


def _accept_config_after_the_command(parser: argparse.ArgumentParser) -> None:
    """``cercles check --config x.yml`` works like ``cercles --config x.yml check``, for every command.

    The commands' own ``--config`` has no default, so it only replaces the global one when given.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in set(action.choices.values()):
                if not any(option in command._option_string_actions for option in CONFIG_OPTION):
                    command.add_argument(*CONFIG_OPTION, default=argparse.SUPPRESS, help=CONFIG_HELP)
                _accept_config_after_the_command(command)


def _check(site: SiteConfig, arguments: argparse.Namespace) -> int:
    members_secret(site.settings.members_secret_variable)  # a secret the build would refuse is refused here too
    result = load_or_report(site.settings, strict=arguments.strict)
    if result is None:
        return 1
    generated = site_outputs(result.organisation, site.settings)  # the build's own outputs, for its own rules
    problems = sorted(result.warnings + output_problems(generated, site.settings), key=lambda problem: problem.sort_key)
    if has_errors(problems, strict=arguments.strict):
        report(problems, strict=arguments.strict)
        return 1
    if problems:
        report(problems, stream=sys.stdout)
    organisation = result.organisation
    actions = sum(len(circle.actions) for circle in organisation.circles)
    print(f"OK : {len(organisation.circles)} cercles, {actions} actions, {len(organisation.moments)} moments.")
    return 0


def _members_feed(site: SiteConfig, arguments: argparse.Namespace) -> int:
    """Write the members' feed; refuse any folder the public site is built into."""
    settings = site.settings
    out = Path(arguments.out).resolve()
    published = [(settings.root / folder).resolve() for folder in (settings.site_dir, settings.docs_dir)]
    if any(folder == out or folder in out.parents for folder in published):
        report([Problem(SourceLocation(arguments.out), "--out",
                        "le flux des membres ne doit pas être écrit dans le site public ni dans ses sources",
                        f"choisissez un dossier hors de {settings.site_dir}/ et de {settings.docs_dir}/")], counted=False)
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
