"""``cercles init DOSSIER``: the repository of a new organisation, published as soon as it is written.

A newcomer has no ``mkdocs.yml`` to copy but La Raffinerie's, which carries its colours, its
wording and thirty circles. The project written here is the smallest complete one: one bureau,
one projet circle, one public moment, a home page, and a README for its editors. Given its public
address (``SITE_URL``, or GitLab Pages' own), it passes ``cercles check --strict`` and ``mkdocs
build --strict`` with nothing but the installed package, so every later error is the editors' own
change, reported on its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cercles import paths
from cercles.model import CircleType, MomentKind, Visibility

BUREAU_ID = "bureau"
PROJECT_ID = "ateliers"
MOMENT_ID = "atelier-decouverte"
PEOPLE = {"camille": "Camille", "dominique": "Dominique", "sacha": "Sacha", "alix": "Alix"}
"""First names to replace: the three elected seats of the bureau, then the projet's coordinator."""
SEAT_HOLDERS = ("camille", "dominique", "sacha")
PROJECT_COORDINATOR = "alix"


def add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cercles init DOSSIER``; it runs without a ``mkdocs.yml``, since it writes the first one."""
    init = commands.add_parser("init", help="crée le dépôt d'une nouvelle organisation, prêt à publier",
                               description="Écrit dans DOSSIER (nouveau ou vide) un mkdocs.yml, un bureau, un cercle "
                                           "projet, un moment de l'agenda, une page d'accueil et un README pour les "
                                           "éditeurs ; « mkdocs build --strict » le publie tel quel.")
    init.add_argument("dossier", metavar="DOSSIER", help="dossier du nouveau dépôt, nouveau ou vide")
    init.add_argument("--nom", help="nom de l'organisation, tel que le site l'affiche "
                                    "(par défaut : le nom du dossier)")
    init.set_defaults(run_without_config=_run_init)


def _run_init(arguments: argparse.Namespace) -> int:
    target = Path(arguments.dossier)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "ce dossier n'est pas vide" if target.is_dir() else "un fichier porte déjà ce nom"
        print(f"{arguments.dossier} : {what} ; rien n'a été écrit (cercles init ne remplit qu'un dossier nouveau ou "
              "vide : choisissez un autre nom)", file=sys.stderr)
        return 1
    name = (arguments.nom or "").strip() or _humanise(target.resolve().name)
    try:
        for relative, text in project_files(name).items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        print(f"{arguments.dossier} : écriture impossible ({error.strerror or error}) ; vérifiez que vous pouvez écrire "
              "dans ce dossier", file=sys.stderr)
        return 1
    print(f"{arguments.dossier} : dépôt de « {name} » créé.")
    print(f"Étape suivante : cd {arguments.dossier} && cercles check && mkdocs serve --livereload "
          "(le README.md explique la suite).")
    return 0


def project_files(name: str) -> dict[str, str]:
    """Every file of the new repository, by path: the same name always gives the same bytes."""
    return {
        "mkdocs.yml": _mkdocs_yml(name),
        f"circles/{BUREAU_ID}.yaml": _bureau(),
        f"circles/{PROJECT_ID}.yaml": _project(),
        f"content/agenda/{MOMENT_ID}.yaml": _moment(),
        "personnes.yaml": _people(),
        "content/index.md": _home(name),
        "theme/README.md": THEME_README,
        "README.md": _readme(name),
        ".gitignore": "/site/\n",
    }


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same text, whatever it contains."""
    return json.dumps(text, ensure_ascii=False)


def _humanise(folder: str) -> str:
    """« mon-asso » → « Mon asso »: a first name for the site, the editors' to correct."""
    words = folder.replace("-", " ").replace("_", " ").strip() or "Mon organisation"
    return words[:1].upper() + words[1:]


def _mkdocs_yml(name: str) -> str:
    return f"""\
# La configuration du site. La documentation de chaque clé : https://www.mkdocs.org/user-guide/configuration/
site_name: {_quoted(name)}
site_description: {_quoted(f"La gouvernance partagée de {name} et son agenda public.")}
# L'adresse publique du site : les liens d'abonnement à l'agenda et son QR code y mènent. Elle vient de la
# variable SITE_URL, sinon de GitLab Pages (CI_PAGES_URL) ; « mkdocs build --strict » la demande. Une fois
# connue, vous pouvez aussi l'écrire ici à la place de null : 'https://wiki.mon-asso.fr/'.
site_url: !ENV [SITE_URL, CI_PAGES_URL, null]
docs_dir: content
exclude_docs: |
  *.yaml
  *.yml
theme:
  name: material
  language: fr
  custom_dir: theme
  font: false
  features:
    - navigation.indexes
    - navigation.prune
    - navigation.sections
    - navigation.top
    - search.suggest
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: teal
      accent: deep orange
      toggle:
        icon: material/weather-night
        name: Passer au thème sombre
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: teal
      accent: deep orange
      toggle:
        icon: material/weather-sunny
        name: Passer au thème clair
plugins:
  - search:
      lang: fr
  - cercles:
      timezone: Europe/Paris
      horizon_months: 6
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
      permalink_title: Lien permanent vers cette section
nav:
  - Accueil: index.md
  - Cercles: {paths.CIRCLES_INDEX}
  - Qui fait quoi: {paths.ROLES_INDEX}
  - Agenda: {paths.AGENDA_INDEX}
  - Les moments: {paths.MOMENTS_PAGE}
"""


def _bureau() -> str:
    seats = "".join(f"""\
  - id: siege-{seat}
    nom: Siège {seat}
    coordination: true
    titulaires: [{holder}]
    redevabilites:
      - Trancher une décision bloquée, en dernier recours
      - Valider la création d'un cercle
""" for seat, holder in enumerate(SEAT_HOLDERS, start=1))
    return f"""\
# Le bureau collégial : trois personnes élues, un siège chacune. Il ne gère pas la vie quotidienne.
nom: Bureau collégial
type: {CircleType.BUREAU.value}
raison_d_etre: Débloquer les décisions coincées et valider les nouveaux cercles.
roles:
{seats}"""


def _project() -> str:
    return f"""\
# Un cercle projet : remplacez-le par l'une de vos activités, ou copiez-le avec « cercles new circle ».
nom: Ateliers
type: {CircleType.PROJET.value}
raison_d_etre: Proposer des ateliers ouverts à toutes et tous.
domaines:
  - Le programme des ateliers
code_analytique: "A-01"
budget: Tableur partagé, onglet Ateliers
reunions:
  rythme: premier lundi du mois
roles:
  - id: coordination
    nom: Coordination des ateliers
    coordination: true
    titulaires: [{PROJECT_COORDINATOR}]
    redevabilites:
      - Animer les réunions du cercle
      - Tenir le programme des ateliers à jour
"""


def _moment() -> str:
    return f"""\
# Un moment de l'agenda, public et mensuel. « cercles new moment » en crée d'autres.
titre: Atelier découverte
type: {MomentKind.ATELIER.value}
cercle: {PROJECT_ID}
visibilite: {Visibility.PUBLIC.value}
rythme: premier samedi du mois
debut: 2026-01-03 10:00
duree: 2h
lieu: Salle principale
description: Venez découvrir les ateliers et rencontrer celles et ceux qui les animent.
"""


def _people() -> str:
    entries = "".join(f"{person_id}:\n  nom: {name}\n" for person_id, name in PEOPLE.items())
    return f"""\
# Les personnes qui tiennent des rôles : un identifiant, puis le nom affiché sur le site.
# Ni courriel ni téléphone n'est publié, sauf pour une personne marquée « contact_public: true ».
{entries}"""


def _home(name: str) -> str:
    return f"""\
# {name}

Bienvenue sur le wiki de {name} : comment nous décidons ensemble, qui fait quoi, et quand nous retrouver.

- [Les cercles]({paths.CIRCLES_INDEX}) : chacun avec sa raison d'être, ses domaines et ses rôles.
- [Qui fait quoi]({paths.ROLES_INDEX}) : tous les rôles et leurs titulaires.
- [L'agenda]({paths.AGENDA_INDEX}) : les prochains moments ouverts au public.
"""


THEME_README = """\
# Le thème de l'organisation

Ce dossier complète l'apparence fournie par Cercles ; un fichier placé ici remplace celui du même
nom fourni par Cercles. Par exemple :

- `assets/stylesheets/couleurs.css`, déclaré sous `extra_css:` dans `mkdocs.yml`, pour vos couleurs ;
- `assets/images/cercles.svg` pour votre logo ;
- `templates/agenda.md.j2` pour réécrire la page de l'agenda (les modèles d'origine sont dans le
  paquet Python `cercles`, dossier `pages/templates/`).

Ce fichier README n'est jamais publié.
"""


def _readme(name: str) -> str:
    return f"""\
# {name} : gouvernance et agenda

Ce dépôt décrit l'organisation de {name} (ses cercles, leurs rôles, son agenda) ; Cercles en fait
un site web et des calendriers auxquels s'abonner.

## Où écrire quoi

| dossier ou fichier | ce qu'il contient |
|---|---|
| `circles/` | un fichier par cercle : `{BUREAU_ID}.yaml` (le bureau collégial), `{PROJECT_ID}.yaml` (un cercle projet) |
| `content/agenda/` | un fichier par moment de l'agenda, public ou interne |
| `personnes.yaml` | les personnes qui tiennent des rôles, et ce qui peut être publié d'elles |
| `content/` | les pages écrites à la main, en Markdown (`index.md` est l'accueil) |
| `theme/` | vos couleurs, votre logo, vos modèles de pages (voir `theme/README.md`) |
| `mkdocs.yml` | le nom du site, son adresse, le menu et les réglages de Cercles |

## Les commandes

Une fois le paquet Python `cercles` installé, depuis ce dossier :

- `cercles check` vérifie tous les fichiers et signale chaque problème avec sa ligne et une piste pour le corriger ;
- `cercles new circle mon-cercle` et `cercles new moment mon-moment --cercle {PROJECT_ID}` créent un fichier à compléter ;
- `mkdocs serve --livereload` montre le site sur http://127.0.0.1:8000/ et le met à jour à chaque enregistrement ;
- `mkdocs build --strict` écrit le site dans `site/`, à publier tel quel.

## Réglages de Cercles dans `mkdocs.yml`

Sous `plugins:`, le bloc `cercles:` accepte notamment `timezone` (le fuseau horaire), `horizon_months`
(combien de mois l'agenda montre), `agenda_intro` (les premiers mots de la page de l'agenda) et
`kind_descriptions` (votre propre description d'un type de moment, par exemple `interpoles`).
"""
