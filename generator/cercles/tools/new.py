"""``cercles new``: the commented skeleton of a new circle or agenda moment, valid from the start.

A volunteer who copies an existing file inherits its roles, dates and ids, and a blank file
fails ``cercles check`` on every required key. The skeletons written here pass the check (only
« à préciser » warnings remain), explain each key in French next to an example, and are refused
whenever the check would refuse them: a bad id, a name already taken, an unknown circle.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

from cercles.sources.format import CIRCLE, MAX_ID_LENGTH, MOMENT, Field, Form
from cercles.sources.moments import meeting_moment_id
from cercles.sources.schema_files import CIRCLE_SCHEMA_FILE, MOMENT_SCHEMA_FILE, modeline, schema_reference
from cercles.sources.problems import Problem, SourceError, SourceLocation, relative_path, report
from cercles.text import did_you_mean, identifier_problem, suggest_identifier
from cercles.sources.load import source_files
from cercles.model import CircleType, Visibility
from cercles.settings import Settings
from cercles.site.config import SiteConfig
from cercles.sources.yamlio import load_file

PLACEHOLDER_START = time(18, 30)
PLACEHOLDER_DELAY = timedelta(days=30)
"""A new moment starts a month from now: inside the agenda's horizon, and obviously a guess."""
COMMENT_WIDTH = 100
NO_BREAK = "\u00a0"
Value = str | bool | Sequence[Mapping[str, str | bool]]
"""A value a skeleton fills in: a scalar, or a list of mappings (the roles of a circle)."""


def refusal(path: str, message: str, hint: str) -> SourceError:
    """Why nothing was written: one problem, printed like every problem of ``check``."""
    return SourceError([Problem(SourceLocation(path), "", message, hint)])


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


def _run_new_circle(site: SiteConfig, arguments: argparse.Namespace) -> int:
    settings = site.settings
    try:
        target = create_circle(settings, arguments.id, CircleType(arguments.type))
    except SourceError as refused:
        report(refused.problems, counted=False)
        return 1
    shown = relative_path(target, settings.root)
    print(f"{shown} : cercle créé.")
    print(f"Étape suivante : complétez les « À préciser » de {shown}, puis lancez « cercles check ».")
    return 0


def _run_new_moment(site: SiteConfig, arguments: argparse.Namespace) -> int:
    settings = site.settings
    try:
        target = create_moment(settings, arguments.id, arguments.cercle)
    except SourceError as refused:
        report(refused.problems, counted=False)
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
        raise refusal(shown, problem, f"essayez « cercles new {command} {suggest_identifier(new_id)[:MAX_ID_LENGTH]} »")
    if len(new_id) > MAX_ID_LENGTH:
        raise refusal(shown, f"identifiant trop long ({len(new_id)} caractères, maximum {MAX_ID_LENGTH})",
                      "raccourcissez-le : il devient un nom de fichier et une adresse")
    target = folder / f"{new_id}.yaml"
    if target.exists():
        raise refusal(shown, "ce fichier existe déjà et n'a pas été modifié",
                      "ouvrez-le pour le compléter, ou choisissez un autre identifiant")
    for path in source_files(folder, settings.root):
        if suggest_identifier(path.stem) == new_id:  # the loader's rule: « Outils.yml » is the id « outils »
            raise refusal(shown, f"ce nom désigne le même identifiant que {relative_path(path, settings.root)}",
                          "ouvrez ce fichier-là, ou choisissez un autre identifiant")
    return target


def _write(target: Path, text: str, settings: Settings) -> None:
    """Create the file, never replacing one written in the meantime."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise refusal(relative_path(target, settings.root), "ce fichier existe déjà et n'a pas été modifié",
                      "ouvrez-le pour le compléter, ou choisissez un autre identifiant") from None
    except OSError as error:
        raise refusal(relative_path(target, settings.root), f"écriture impossible ({error.strerror or error})",
                      "vérifiez que le dossier existe et que vous pouvez y écrire") from None


# --- circles ----------------------------------------------------------------------------------------


def create_circle(settings: Settings, circle_id: str, circle_type: CircleType) -> Path:
    """Write ``circles/<circle_id>.yaml``, or raise ``SourceError`` without writing anything."""
    target = _target(settings, settings.circles_path, circle_id, "circle")
    shown = relative_path(target, settings.root)
    circles = existing_circles(settings)
    for circle in circles:
        if circle_id in circle.action_ids:
            raise refusal(shown, f"identifiant déjà utilisé par l'action « {circle_id} » de {circle.shown}",
                          "choisissez un autre identifiant : cercles et actions partagent les mêmes adresses")
    bureaus = [circle for circle in circles if circle.type == CircleType.BUREAU.value]
    if circle_type is CircleType.BUREAU and bureaus:
        raise refusal(shown, f"un seul cercle peut être le bureau collégial, et {bureaus[0].shown} l'est déjà",
                      "choisissez « --type projet » ou « --type support »")
    schema = schema_reference(settings.root, target.parent, CIRCLE_SCHEMA_FILE)
    others = sorted(circle.id for circle in circles if circle.type != CircleType.BUREAU.value)
    _write(target, circle_skeleton(circle_id, circle_type, schema, others, settings.people_file), settings)
    return target


def circle_skeleton(circle_id: str, circle_type: CircleType, schema: str, parents: list[str], people_file: str) -> str:
    """The commented YAML of a new circle: required keys filled, optional ones shown as commented examples."""
    name = humanise(circle_id)
    head = modeline(schema) + f"""\
# Le cercle « {name} », créé par « cercles new circle ». Remplacez chaque « À préciser »,
# retirez le « # » devant les exemples qui vous servent, puis lancez « cercles check » :
# il signale ce qui manque encore, avec la ligne et une piste pour le corriger.
# Une ligne qui commence par « # » est un commentaire : elle n'est jamais publiée.
# Le nom du fichier ({circle_id}) est l'identifiant du cercle et son adresse sur le site.

"""
    filled: dict[str, Value] = {"nom": name, "type": circle_type.value,
                                "raison_d_etre": "À préciser. Pourquoi ce cercle existe, en une phrase ou deux."}
    people = f" Les personnes sont dans {people_file}."
    if circle_type is CircleType.BUREAU:
        seats: list[Mapping[str, str | bool]] = [{"id": f"siege-{seat}", "nom": f"Siège {seat}", "coordination": True}
                                                 for seat in (1, 2, 3)]
        return head + skeleton(CIRCLE, filled | {"roles": seats}, optional=False,
                               notes={"roles": " Le bureau collégial a trois sièges, un par personne élue : ni plus, ni moins."
                                      + people})
    coordination: Mapping[str, str | bool] = {"id": "coordination", "nom": f"Coordination du cercle {name}", "coordination": True}
    known = f" Cercles existants : {', '.join(parents)}." if parents else ""
    return head + skeleton(CIRCLE, filled | {"roles": [coordination]}, examples={"parent": parents[0]} if parents else {},
                           notes={"parent": known, "roles": people})


# --- skeletons from the declared format ---------------------------------------------------------------


def skeleton(form: Form, filled: Mapping[str, Value], *, optional: bool = True, examples: Mapping[str, str] | None = None,
             notes: Mapping[str, str] | None = None) -> str:
    """Every key of ``form`` in its order, explained by its declared description.

    A key of ``filled`` is written with that value; the others (when ``optional``) are shown as
    their declared example behind a « # », for the volunteer to uncomment. ``examples`` replaces
    an example by one taken from the organisation, ``notes`` adds a sentence to a key's comment.
    """
    blocks = []
    for spec in form:
        if spec.key not in filled and not optional:
            continue
        lines = _comment(spec.explanation + (notes or {}).get(spec.key, ""))
        lines += [f"#   {value} : {spec.help_of(member)}" for value, member in spec.values.items()]
        if spec.key in filled:
            lines += _filled(spec, filled[spec.key])
        else:
            example = (examples or {}).get(spec.key)
            lines += [f"# {line}" for line in (f"{spec.key}: {example}" if example else spec.as_yaml()).splitlines()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _comment(text: str, margin: int = 0) -> list[str]:
    """``text`` as comment lines to be indented by ``margin``, never broken inside « … » (a key and its value)."""
    kept = re.sub(r"«[^»]*»", lambda quoted: quoted[0].replace(" ", NO_BREAK), text)
    return [f"# {line.replace(NO_BREAK, ' ')}" for line in textwrap.wrap(kept, COMMENT_WIDTH - margin - 2)]


def _filled(spec: Field, value: Value) -> list[str]:
    """``key: value``; for a list of mappings, the first one also shows the keys it leaves out, commented."""
    if isinstance(value, (str, bool)):
        return [f"{spec.key}: {_scalar(value)}"]
    lines = [f"{spec.key}:"]
    for index, item in enumerate(value):
        body = [f"{key}: {_scalar(item_value)}" for key, item_value in item.items()]
        if index == 0 and spec.form is not None:
            for nested in spec.form:
                if nested.key not in item:
                    body += _comment(nested.explanation, margin=4) + [f"# {line}" for line in nested.as_yaml().splitlines()]
        lines += [f"  - {body[0]}", *(f"    {line}" for line in body[1:])]
    return lines


def _scalar(value: str | bool) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else yaml_scalar(value)


# --- moments ----------------------------------------------------------------------------------------


def create_moment(settings: Settings, moment_id: str, circle_id: str | None, *, today: date | None = None) -> Path:
    """Write ``content/agenda/<moment_id>.yaml`` for an existing circle, or raise ``SourceError``."""
    target = _target(settings, settings.agenda_path, moment_id, "moment")
    shown = relative_path(target, settings.root)
    circles = existing_circles(settings)
    for circle in circles:
        if moment_id == meeting_moment_id(circle.id):
            raise refusal(shown, f"identifiant réservé aux réunions opérationnelles du cercle « {circle.id} »",
                          f"décrivez-les dans {circle.shown}, section « reunions », ou choisissez un autre identifiant")
    organiser = _organiser(settings, circles, circle_id, moment_id, shown)
    start = datetime.combine((today or date.today()) + PLACEHOLDER_DELAY, PLACEHOLDER_START)
    schema = schema_reference(settings.root, target.parent, MOMENT_SCHEMA_FILE)
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
        raise refusal(shown, f"cercle « {circle_id[:60]} » introuvable dans {settings.circles_dir}/", hint)
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise refusal(shown, f"aucun cercle dans {settings.circles_dir}/ pour organiser ce moment",
                      "créez-en un d'abord : cercles new circle mon-cercle")
    example = next((circle.id for circle in circles if circle.id in ids and circle.type != CircleType.BUREAU.value), ids[0])
    raise refusal(shown, "précisez le cercle organisateur avec « --cercle »",
                  f"par exemple « cercles new moment {moment_id} --cercle {example} » ; "
                  f"cercles existants : {listed}")


def moment_skeleton(moment_id: str, circle_id: str, start: datetime, schema: str, circles_dir: str) -> str:
    """The commented YAML of a new moment: internal and « à confirmer » until the volunteer decides."""
    title = humanise(moment_id)
    head = modeline(schema) + f"""\
# Le moment « {title} », créé par « cercles new moment ». Réglez le titre, la date et la
# durée, retirez le « # » devant les exemples qui vous servent, puis lancez « cercles check ».
# Une ligne qui commence par « # » est un commentaire : elle n'est jamais publiée.
# Le nom du fichier ({moment_id}) est l'identifiant du moment : les calendriers abonnés
# le reconnaissent grâce à lui, ne le changez plus une fois le moment annoncé.

"""
    filled: dict[str, Value] = {
        "titre": title, "type": MOMENT["type"].example, "cercle": circle_id, "visibilite": Visibility.INTERNAL.value,
        "debut": f"{start:%Y-%m-%d %H:%M}", "duree": MOMENT["duree"].default or MOMENT["duree"].example, "a_confirmer": True,
    }
    notes = {"visibilite": " Le moment reste interne tant que vous n'écrivez pas « visibilite: public ».",
             "debut": " Celle-ci n'est qu'un exemple à remplacer.",
             "cercle": f" Les cercles sont dans {circles_dir}/.",
             "a_confirmer": " Retirez cette ligne quand l'horaire est confirmé."}
    return head + skeleton(MOMENT, filled, notes=notes)


# --- helpers ----------------------------------------------------------------------------------------


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
