"""``cercles import-grist FICHIER``: the organisation's moments table in Grist → ``content/agenda/<id>.yaml``.

The moments are typed once, in Grist, by the people who plan them; the site reads YAML. The
command bridges the two without a network call: the volunteer downloads the table (the REST
API's ``/records`` JSON, or Grist's CSV export) and a settings file (``grist.yaml``) says which
column holds which key of a moment file and how Grist's words map to ours. A problem in any row
is reported with the file, the row and the column, and then nothing at all is written, so a
half-imported agenda never reaches a commit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cercles.settings import Settings
from cercles.site.config import SiteConfig
from cercles.sources.load import source_files
from cercles.sources.problems import Problem, SourceError, SourceLocation, relative_path, report
from cercles.text import identifier_problem
from cercles.tools.import_grist.options import read_import_settings
from cercles.tools.import_grist.render import IMPORT_MARK
from cercles.tools.import_grist.rows import Context, Imported, import_rows, resolve_columns
from cercles.tools.import_grist.table import read_table

DEFAULT_SETTINGS_FILE = "grist.yaml"


def plan_writes(imported: list[Imported], settings: Settings, replace: bool, context: Context) -> None:
    """Refuse to overwrite unless asked, and never overwrite a file that was written by hand."""
    for item in imported:
        shown = relative_path(item.target, settings.root)
        existing = [path for path in (item.target, item.target.with_suffix(".yml")) if path.exists()]
        if not existing:
            continue
        if existing[0] != item.target:
            context.report(item.row, None, f"{relative_path(existing[0], settings.root)} existe déjà",
                           "renommez-le en .yaml ou supprimez-le, puis relancez l'import")
        elif not replace:
            context.report(item.row, None, f"{shown} existe déjà", "relancez avec --remplacer pour le réécrire depuis Grist")
        elif IMPORT_MARK not in item.target.read_text(encoding="utf-8", errors="replace"):
            context.report(item.row, None, f"{shown} a été écrit à la main, pas importé de Grist",
                           "renommez ou supprimez ce fichier si le moment de Grist doit le remplacer")
        else:
            item.replaces = item.target.read_text(encoding="utf-8", errors="replace") != item.text


def run_import(site: SiteConfig, arguments: argparse.Namespace) -> int:
    """``cercles import-grist FICHIER``: exit 0 after writing every moment, 1 with every problem and nothing written."""
    settings = site.settings
    source = Path(arguments.fichier)
    options_path = Path(arguments.reglages) if arguments.reglages else settings.root / DEFAULT_SETTINGS_FILE
    shown_options = relative_path(options_path, settings.root)
    shown_source = relative_path(source, settings.root)
    circle_ids = frozenset(path.stem for path in source_files(settings.circles_path, settings.root) if identifier_problem(path.stem) is None)
    if not options_path.is_file():
        report([Problem(SourceLocation(shown_options), "", "fichier de réglages introuvable",
                        f"copiez grist.exemple.yaml en {DEFAULT_SETTINGS_FILE} et adaptez les noms de colonnes, "
                        "ou donnez --reglages chemin/vers/reglages.yaml")], counted=False)
        return 1
    if not source.is_file():
        report([Problem(SourceLocation(shown_source), "", "fichier introuvable",
                        "téléchargez la table des moments depuis Grist : JSON de l'API /records ou export CSV")], counted=False)
        return 1
    try:
        options = read_import_settings(options_path, shown_options, settings, circle_ids)
        table = read_table(source, shown_source)
    except SourceError as error:
        report(error.problems)
        return 1
    columns, column_problems = resolve_columns(options, table, shown_source)
    context = Context(options, table, settings, circle_ids, columns, column_problems)
    imported: list[Imported] = []
    if not context.problems:
        imported = import_rows(context)
        plan_writes(imported, settings, arguments.remplacer, context)
    if context.problems:
        report(context.problems)
        print("Rien n'a été écrit : corrigez ces lignes dans Grist (ou les réglages), puis relancez l'import.", file=sys.stderr)
        return 1
    return _write(imported, settings, dry_run=arguments.essai)


def _write(imported: list[Imported], settings: Settings, *, dry_run: bool) -> int:
    agenda = relative_path(settings.agenda_path, settings.root)
    for item in imported:
        shown = relative_path(item.target, settings.root)
        state = "remplacé" if item.replaces else ("inchangé" if item.target.exists() else "nouveau")
        if dry_run:
            print(f"--- {shown} ({state})\n{item.text}")
        else:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            item.target.write_text(item.text, encoding="utf-8")
            print(f"{shown} ({state})")
    _report_absent(imported, settings)
    if dry_run:
        print(f"Essai : {len(imported)} moment(s) seraient écrits dans {agenda}/ ; rien n'a été écrit.")
    else:
        print(f"{len(imported)} moment(s) importé(s) dans {agenda}/. Vérifiez avec « cercles check », "
              "puis relisez les changements avant de les publier.")
    return 0


def _report_absent(imported: list[Imported], settings: Settings) -> None:
    """Name the files once imported from Grist that this table no longer holds.

    A moment removed from Grist, or whose id changed (a new title without an id column), would
    otherwise stay in the agenda unnoticed; deleting is left to the volunteer, who may have
    imported a filtered view on purpose.
    """
    written = {item.target for item in imported}
    absent = [relative_path(path, settings.root) for path in source_files(settings.agenda_path, settings.root)
              if path not in written and IMPORT_MARK in path.read_text(encoding="utf-8", errors="replace")]
    if absent:
        print(f"À vérifier : {', '.join(absent)} (importé(s) de Grist, absent(s) de ce fichier) : supprimez-les "
              "si ces moments ont été retirés de Grist ou ont changé d'identifiant.")


def add_import_grist_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``import-grist`` on the ``cercles`` sub-command parser (``argparse``'s subparsers action)."""
    command = commands.add_parser("import-grist", help="importe la table des moments de Grist (JSON de l'API ou CSV) dans l'agenda")
    command.add_argument("fichier", metavar="FICHIER", help="la table téléchargée : JSON de l'API /records de Grist, ou export CSV")
    command.add_argument("--reglages", default=None,
                         help=f"réglages de l'import : colonnes et valeurs (par défaut : {DEFAULT_SETTINGS_FILE} du projet)")
    command.add_argument("--remplacer", action="store_true", help="réécrit les moments déjà importés de Grist")
    command.add_argument("--essai", "--dry-run", dest="essai", action="store_true",
                         help="affiche les fichiers qui seraient écrits, sans rien écrire")
    command.set_defaults(run=run_import)
