"""``cercles new``: the commented skeleton of a new circle or agenda moment, valid from the start.

A volunteer who copies an existing file inherits its roles, dates and ids, and a blank file
fails ``cercles check`` on every required key. The skeletons written here pass the check (only
« à préciser » warnings remain), explain each key in French next to an example, and are refused
whenever the check would refuse them: a bad id, a name already taken, an unknown circle.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

from cercles.sources.moments import meeting_moment_id
from cercles.sources.problems import Problem, SourceError, SourceLocation, relative_path
from cercles.sources.fields import did_you_mean, identifier_problem, suggest_identifier
from cercles.tools.schemas import CIRCLE_SCHEMA_FILE, MOMENT_SCHEMA_FILE, SCHEMAS_DIR
from cercles.sources.load import source_files
from cercles.model import CircleType, MomentKind
from cercles.settings import Settings
from cercles.sources.yamlio import load_file

MAX_ID_LENGTH = 80
"""Ids become file names and URLs; the longest real one is a few words long."""
PLACEHOLDER_START = time(18, 30)
PLACEHOLDER_DELAY = timedelta(days=30)
"""A new moment starts a month from now: inside the agenda's horizon, and obviously a guess."""
DEFAULT_MOMENT_KIND = MomentKind.ATELIER
CIRCLE_TYPE_HELP = {
    CircleType.PROJET: "il porte des activités",
    CircleType.SUPPORT: "il sert les autres cercles",
    CircleType.BUREAU: "le bureau collégial, un seul par organisation",
}


class Refusal(Exception):
    """Why nothing was written; printed as ``path: message (hint)`` like every problem of ``check``."""

    def __init__(self, path: str, message: str, hint: str) -> None:
        self.problem = Problem(SourceLocation(path), "", message, hint)
        super().__init__(str(self.problem))


# --- command line --------------------------------------------------------------------------------


def add_new_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``cercles new circle|moment``; ``cli.main`` calls ``run(settings, arguments)``."""
    new = commands.add_parser("new", help="crée le squelette commenté d'un nouveau cercle ou d'un nouveau moment",
                              description="Crée un fichier prêt à compléter, déjà accepté par « cercles check ».")
    kinds = new.add_subparsers(dest="what", required=True, metavar="quoi")
    circle = kinds.add_parser("circle", aliases=["cercle"], help="crée circles/<id>.yaml",
                              description="Crée le fichier d'un nouveau cercle, avec un rôle de coordination.")
    circle.add_argument("id", help="identifiant du cercle, qui sera aussi son adresse sur le site : "
                                   "minuscules sans accent, chiffres et tirets (par exemple « repair-cafe »)")
    circle.add_argument("--type", choices=[circle_type.value for circle_type in CircleType], default=CircleType.PROJET.value,
                        help="projet (par défaut), support, ou bureau pour le bureau collégial")
    circle.set_defaults(run=_run_new_circle)
    moment = kinds.add_parser("moment", help="crée content/agenda/<id>.yaml",
                              description="Crée le fichier d'un nouveau moment de l'agenda, interne tant que vous "
                                          "ne le passez pas en public.")
    moment.add_argument("id", help="identifiant du moment : minuscules sans accent, chiffres et tirets "
                                   "(par exemple « atelier-compost »)")
    moment.add_argument("--cercle", help="identifiant du cercle organisateur (obligatoire quand l'organisation "
                                         "compte plusieurs cercles)")
    moment.set_defaults(run=_run_new_moment)


def _run_new_circle(settings: Settings, arguments: argparse.Namespace) -> int:
    try:
        target = create_circle(settings, arguments.id, CircleType(arguments.type))
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    shown = relative_path(target, settings.root)
    print(f"{shown} : cercle créé.")
    print(f"Étape suivante : complétez les « À préciser » de {shown}, puis lancez « cercles check ».")
    return 0


def _run_new_moment(settings: Settings, arguments: argparse.Namespace) -> int:
    try:
        target = create_moment(settings, arguments.id, arguments.cercle)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    shown = relative_path(target, settings.root)
    print(f"{shown} : moment créé (interne : il ne paraît pas encore sur le site).")
    print(f"Étape suivante : réglez le titre et la date dans {shown}, passez « visibilite: public » "
          "pour l'annoncer, puis lancez « cercles check ».")
    return 0


# --- what is already on disk ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExistingCircle:
    """What the refusals need from a circle file, read leniently: a broken file is still a taken name."""

    id: str
    shown: str
    type: str | None = None
    action_ids: tuple[str, ...] = field(default=())


def existing_circles(settings: Settings) -> list[ExistingCircle]:
    """Every circle file, even one ``check`` rejects, so a scaffold never adds a second mistake."""
    circles = []
    for path in source_files(settings.circles_path, settings.root):
        shown = relative_path(path, settings.root)
        try:
            tree = load_file(path, shown)
        except (SourceError, OSError):
            circles.append(ExistingCircle(path.stem, shown))
            continue
        values = tree.value if isinstance(tree.value, dict) else {}
        kind = values["type"].value if "type" in values else None
        actions = values["actions"].value if "actions" in values else None
        action_ids = tuple(str(action.value["id"].value) for action in (actions if isinstance(actions, list) else [])
                           if isinstance(action.value, dict) and "id" in action.value)
        circles.append(ExistingCircle(path.stem, shown, kind if isinstance(kind, str) else None, action_ids))
    return circles


# --- refusals ---------------------------------------------------------------------------------------


def _target(settings: Settings, folder: Path, new_id: str, command: str) -> Path:
    """The file to create, after the checks ``cercles check`` would make on its name."""
    shown = f"{relative_path(folder, settings.root)}/{new_id[:MAX_ID_LENGTH]}.yaml"
    problem = identifier_problem(new_id)
    if problem:
        raise Refusal(shown, problem, f"essayez « cercles new {command} {suggest_identifier(new_id)[:MAX_ID_LENGTH]} »")
    if len(new_id) > MAX_ID_LENGTH:
        raise Refusal(shown, f"identifiant trop long ({len(new_id)} caractères, maximum {MAX_ID_LENGTH})",
                      "raccourcissez-le : il devient un nom de fichier et une adresse")
    target = folder / f"{new_id}.yaml"
    if target.exists():
        raise Refusal(shown, "ce fichier existe déjà et n'a pas été modifié",
                      "ouvrez-le pour le compléter, ou choisissez un autre identifiant")
    for path in source_files(folder, settings.root):
        if suggest_identifier(path.stem) == new_id:  # the loader's rule: « Outils.yml » is the id « outils »
            raise Refusal(shown, f"ce nom désigne le même identifiant que {relative_path(path, settings.root)}",
                          "ouvrez ce fichier-là, ou choisissez un autre identifiant")
    return target


def _write(target: Path, text: str, settings: Settings) -> None:
    """Create the file, never replacing one written in the meantime."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise Refusal(relative_path(target, settings.root), "ce fichier existe déjà et n'a pas été modifié",
                      "ouvrez-le pour le compléter, ou choisissez un autre identifiant") from None
    except OSError as error:
        raise Refusal(relative_path(target, settings.root), f"écriture impossible ({error.strerror or error})",
                      "vérifiez que le dossier existe et que vous pouvez y écrire") from None


# --- circles ----------------------------------------------------------------------------------------


def create_circle(settings: Settings, circle_id: str, circle_type: CircleType) -> Path:
    """Write ``circles/<circle_id>.yaml``, or raise ``Refusal`` without writing anything."""
    target = _target(settings, settings.circles_path, circle_id, "circle")
    shown = relative_path(target, settings.root)
    circles = existing_circles(settings)
    for circle in circles:
        if circle_id in circle.action_ids:
            raise Refusal(shown, f"identifiant déjà utilisé par l'action « {circle_id} » de {circle.shown}",
                          "choisissez un autre identifiant : cercles et actions partagent les mêmes adresses")
    bureaus = [circle for circle in circles if circle.type == CircleType.BUREAU.value]
    if circle_type is CircleType.BUREAU and bureaus:
        raise Refusal(shown, f"un seul cercle peut être le bureau collégial, et {bureaus[0].shown} l'est déjà",
                      "choisissez « --type projet » ou « --type support »")
    schema = schema_reference(settings, target.parent, CIRCLE_SCHEMA_FILE)
    others = sorted(circle.id for circle in circles if circle.type != CircleType.BUREAU.value)
    _write(target, circle_skeleton(circle_id, circle_type, schema, others, settings.people_file), settings)
    return target


def circle_skeleton(circle_id: str, circle_type: CircleType, schema: str, parents: list[str], people_file: str) -> str:
    """The commented YAML of a new circle: required keys filled, optional ones shown as comments."""
    name = humanise(circle_id)
    types = "\n".join(f"#   {kind.value} : {CIRCLE_TYPE_HELP.get(kind, kind.label.lower())}" for kind in CircleType)
    head = f"""\
# yaml-language-server: $schema={schema}
# Le cercle « {name} », créé par « cercles new circle ». Remplacez chaque « À préciser »,
# retirez le « # » devant les exemples qui vous servent, puis lancez « cercles check » :
# il signale ce qui manque encore, avec la ligne et une piste pour le corriger.
# Une ligne qui commence par « # » est un commentaire : elle n'est jamais publiée.
# Le nom du fichier ({circle_id}) est l'identifiant du cercle et son adresse sur le site.

# Le nom affiché sur le site, avec accents et majuscules, par exemple « Réparer ensemble ».
nom: {yaml_scalar(name)}

# Le genre de cercle, l'un de :
{types}
type: {circle_type.value}

# Pourquoi ce cercle existe, en une phrase ou deux. Pour un texte plus long, écrivez
# « raison_d_etre: >- » puis le texte en retrait sur les lignes suivantes.
raison_d_etre: À préciser. Pourquoi ce cercle existe, en une phrase ou deux.
"""
    if circle_type is CircleType.BUREAU:
        return head + _bureau_roles(name, people_file)
    parent_example = parents[0] if parents else "identifiant-du-cercle-parent"
    known = f" Cercles existants : {', '.join(parents)}." if parents else ""
    return head + f"""\

# Ce sur quoi le cercle décide seul, un domaine par ligne après un tiret. Par exemple :
# domaines:
#   - Ateliers et espaces dédiés au faire
#   - Réemploi des matériaux dans les ateliers

# Les rôles du cercle. Il en faut au moins un avec « coordination: true ».
roles:
  - id: coordination  # l'identifiant du rôle : minuscules sans accent, chiffres et tirets
    nom: {yaml_scalar(f"Coordination du cercle {name}")}
    coordination: true
    # Ce que le rôle s'engage à faire, une redevabilité par ligne. Par exemple :
    # redevabilites:
    #   - Animer les réunions opérationnelles du cercle
    #   - Porter les tensions du cercle à l'Interpôles
    # Qui tient le rôle : les identifiants des personnes, tels qu'écrits dans {people_file}.
    # titulaires: [prenom-nom]
  # Un autre rôle s'ajoute à la suite, avec son tiret. Par exemple :
  # - id: referent-budget
  #   nom: Référent·e budget
  #   referent_budget: true
  #   redevabilites:
  #     - Tenir le tableau budgétaire du cercle à jour

# Les réunions opérationnelles du cercle. Avec « debut », elles entrent dans l'agenda des membres.
# reunions:
#   rythme: chaque trimestre  # ou « dernier jeudi du mois », « chaque mercredi »…
#   debut: 2027-01-12 18:30   # la première réunion (facultatif)
#   duree: 2h
#   lieu: La Raffinerie
#   visibilite: interne       # ou public pour des réunions ouvertes à tous

# Le code analytique du cercle dans la comptabilité, et où se trouve son tableau budgétaire.
# code_analytique: "F-01"
# budget: Tableur partagé, onglet {name}

# Les actions (sous-cercles) que porte le cercle ; chacune a un rôle avec « referent: true ».
# actions:
#   - id: ateliers-du-samedi
#     nom: Ateliers du samedi
#     raison_d_etre: Ouvrir l'atelier au quartier un samedi par mois.
#     roles:
#       - id: referent
#         nom: Référent·e des ateliers du samedi
#         referent: true

# Si ce cercle est un sous-cercle, l'identifiant de son cercle parent.{known}
# parent: {parent_example}
"""


def _bureau_roles(name: str, people_file: str) -> str:
    """The bureau collégial is exactly three elected seats, each a coordination role."""
    seats = "".join(f"""\
  - id: siege-{seat}
    nom: Siège {seat}
    coordination: true
""" for seat in (1, 2, 3))
    return f"""\

# Les trois sièges du bureau collégial, un par personne élue : ni plus, ni moins.
# Sous chaque siège, vous pouvez ajouter (sans le « # ») :
#     redevabilites:
#       - Trancher en dernier recours
#     titulaires: [prenom-nom]  # l'identifiant de la personne élue, tel qu'écrit dans {people_file}
roles:
{seats}"""


# --- moments ----------------------------------------------------------------------------------------


def create_moment(settings: Settings, moment_id: str, circle_id: str | None, *, today: date | None = None) -> Path:
    """Write ``content/agenda/<moment_id>.yaml`` for an existing circle, or raise ``Refusal``."""
    target = _target(settings, settings.agenda_path, moment_id, "moment")
    shown = relative_path(target, settings.root)
    circles = existing_circles(settings)
    for circle in circles:
        if moment_id == meeting_moment_id(circle.id):
            raise Refusal(shown, f"identifiant réservé aux réunions opérationnelles du cercle « {circle.id} »",
                          f"décrivez-les dans {circle.shown}, section « reunions », ou choisissez un autre identifiant")
    organiser = _organiser(settings, circles, circle_id, moment_id, shown)
    start = datetime.combine((today or date.today()) + PLACEHOLDER_DELAY, PLACEHOLDER_START)
    schema = schema_reference(settings, target.parent, MOMENT_SCHEMA_FILE)
    _write(target, moment_skeleton(moment_id, organiser, start, schema, settings.circles_dir), settings)
    return target


def _organiser(settings: Settings, circles: list[ExistingCircle], circle_id: str | None, moment_id: str, shown: str) -> str:
    """The circle that organises the moment: the one named, or the only one there is.

    With several circles, guessing would file the moment under the wrong circle's feed without
    anyone noticing, so ``--cercle`` is then required.
    """
    ids = sorted(circle.id for circle in circles if identifier_problem(circle.id) is None)
    listed = ", ".join(ids)
    if circle_id is not None:
        if circle_id in ids:
            return circle_id
        hint = did_you_mean(circle_id, ids, listed) if ids else f"créez-le d'abord : cercles new circle {suggest_identifier(circle_id)}"
        raise Refusal(shown, f"cercle « {circle_id[:60]} » introuvable dans {settings.circles_dir}/", hint)
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise Refusal(shown, f"aucun cercle dans {settings.circles_dir}/ pour organiser ce moment",
                      "créez-en un d'abord : cercles new circle mon-cercle")
    example = next((circle.id for circle in circles if circle.id in ids and circle.type != CircleType.BUREAU.value), ids[0])
    raise Refusal(shown, "précisez le cercle organisateur avec « --cercle »",
                  f"par exemple « cercles new moment {moment_id} --cercle {example} » ; "
                  f"cercles existants : {listed}")


def moment_skeleton(moment_id: str, circle_id: str, start: datetime, schema: str, circles_dir: str) -> str:
    """The commented YAML of a new moment: internal and « à confirmer » until the volunteer decides."""
    title = humanise(moment_id)
    kinds = [kind.value for kind in MomentKind if kind is not MomentKind.REUNION_OPERATIONNELLE]
    kind_lines = "\n".join(f"#   {', '.join(kinds[start:start + 5])}" for start in range(0, len(kinds), 5))
    return f"""\
# yaml-language-server: $schema={schema}
# Le moment « {title} », créé par « cercles new moment ». Réglez le titre, la date et la
# durée, retirez le « # » devant les exemples qui vous servent, puis lancez « cercles check ».
# Une ligne qui commence par « # » est un commentaire : elle n'est jamais publiée.
# Le nom du fichier ({moment_id}) est l'identifiant du moment : les calendriers abonnés
# le reconnaissent grâce à lui, ne le changez plus une fois le moment annoncé.

# Le titre affiché dans l'agenda, par exemple « Atelier réparation de vélos ».
titre: {yaml_scalar(title)}

# Le genre de moment, l'un de :
{kind_lines}
# (les réunions opérationnelles d'un cercle se décrivent dans son fichier, section « reunions »).
type: {DEFAULT_MOMENT_KIND.value}

# Le cercle qui organise le moment : le nom de son fichier dans {circles_dir}/, sans « .yaml ».
cercle: {yaml_scalar(circle_id)}

# interne : seulement dans le calendrier des membres, jamais sur le site.
# public : sur l'agenda du site et dans les calendriers auxquels chacun peut s'abonner.
# Le moment reste interne tant que vous n'écrivez pas « visibilite: public ».
visibilite: interne

# La date et l'heure du début (AAAA-MM-JJ HH:MM). Celle-ci n'est qu'un exemple à remplacer.
debut: {start:%Y-%m-%d %H:%M}

# La durée (« 2h », « 1h30 », « 45 min ») ; ou, à la place, l'heure de fin : fin: "20:30"
duree: 2h

# true tant que la date ou l'heure ne sont pas sûres : le site affiche « horaire à confirmer ».
# Retirez cette ligne quand l'horaire est confirmé.
a_confirmer: true

# Où cela se passe.
# lieu: La Raffinerie

# Ce que l'on y fait, en quelques phrases.
# description: >-
#   Apportez vos épluchures : on apprend ensemble à faire du compost.

# Pour un moment qui revient, son rythme (le « debut » doit tomber dessus : un mercredi
# pour « chaque mercredi ») et, s'il s'arrête, la date de la dernière fois :
# rythme: chaque mercredi  # ou « dernier lundi du mois », « chaque mois », « toutes les 2 semaines »
# jusqu_au: 2027-06-30

# Les dates annulées ou déplacées d'un moment qui revient :
# exceptions:
#   - date: 2027-03-10
#     annule: true
#   - date: 2027-03-17
#     deplace_au: 2027-03-18 18:30
"""


# --- helpers ----------------------------------------------------------------------------------------


def schema_reference(settings: Settings, folder: Path, schema_file: str) -> str:
    """The schema's path relative to the new file's folder, as editors resolve ``$schema``."""
    schema = settings.root / SCHEMAS_DIR / schema_file
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return schema.as_uri()


def humanise(identifier: str) -> str:
    """A first name for the title (« repair-cafe » → « Repair cafe »): accents are the volunteer's to add."""
    words = identifier.replace("-", " ")
    return words[:1].upper() + words[1:]


def yaml_scalar(text: str) -> str:
    """``text`` as YAML reads it back as the same text: « 2027 » or « Yes » would become a number or a boolean."""
    try:
        plain = yaml.safe_load(text) == text and text == text.strip()
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)
