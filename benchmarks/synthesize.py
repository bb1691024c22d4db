"""Synthetic organisations for the benchmarks: N circles, each with 5 roles, 2 actions, 2 moments.

Each circle gives about 8 pages (its page, 5 role pages, 2 action pages) and 2 moments (one public
weekly workshop, one internal monthly meeting), so 1,000 circles make an 8,000-page site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cercles import paths

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "theme"
ROLES_PER_CIRCLE = 5
ACTIONS_PER_CIRCLE = 2
MOMENTS_PER_CIRCLE = 2
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
# First 2027 date of each weekday above, so that `debut` falls on its rhythm.
FIRST_DATES = ("2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09")

MKDOCS_YML = """\
site_name: Orga synthétique ({circles} cercles)
site_url: https://bench.example/
docs_dir: content
exclude_docs: |
  *.yaml
theme:
  name: material
  language: fr
  custom_dir: {theme}
  font: false
  features:
    - navigation.indexes
    - navigation.prune
    - navigation.sections
plugins:
  - search:
      lang: fr
{plugin}
validation:
  nav:
    omitted_files: {omitted}
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
nav:
{nav}
"""
NAV_WITH_CIRCLES = f"""\
  - Accueil: index.md
  - Cercles: {paths.CIRCLES_INDEX}
  - Qui fait quoi: {paths.ROLES_INDEX}
  - Agenda: {paths.AGENDA_INDEX}
"""


def _circle_id(number: int) -> str:
    return f"cercle-{number:04d}"


def _circle_yaml(number: int) -> str:
    circle_type = "bureau" if number == 0 else ("projet" if number % 2 else "support")
    roles = []
    count = 3 if circle_type == "bureau" else ROLES_PER_CIRCLE
    for role in range(count):
        flag = "    coordination: true\n" if role == 0 or circle_type == "bureau" else ""
        roles.append(f"  - id: role-{role}\n    nom: Rôle {role} du cercle {number}\n{flag}"
                     f"    titulaires: [membre-{number:04d}]\n"
                     f"    redevabilites:\n      - Tenir la redevabilité {role}\n      - Rendre compte au cercle\n")
    actions = []
    if circle_type != "bureau":
        for action in range(ACTIONS_PER_CIRCLE):
            actions.append(f"  - id: {_circle_id(number)}-action-{action}\n    nom: Action {action} du cercle {number}\n"
                           f"    raison_d_etre: Porter le projet {action} du cercle {number}.\n"
                           f"    roles:\n      - id: referent\n        nom: Référent·e de l'action {action}\n"
                           f"        referent: true\n        titulaires: [membre-{number:04d}]\n"
                           f"        redevabilites:\n          - Faire avancer l'action\n")
    text = (f"nom: Cercle {number}\ntype: {circle_type}\n"
            f"raison_d_etre: Faire vivre l'activité numéro {number} du lieu, avec le public et les membres.\n"
            f"domaines:\n  - Domaine A du cercle {number}\n  - Domaine B du cercle {number}\n"
            f"code_analytique: C{number:04d}\nbudget: Tableau budgétaire partagé, onglet {number}\n"
            f"reunions:\n  rythme: chaque trimestre\nroles:\n{''.join(roles)}")
    if actions:
        text += f"actions:\n{''.join(actions)}"
    return text


def _moment_yamls(number: int) -> dict[str, str]:
    circle = _circle_id(number)
    day = number % len(WEEKDAYS)
    return {
        f"{circle}-atelier": (f"titre: Atelier du cercle {number}\ntype: atelier\ncercle: {circle}\n"
                              f"visibilite: public\nrythme: chaque {WEEKDAYS[day]}\n"
                              f"debut: {FIRST_DATES[day]} 18:00\nduree: 2h\nlieu: Salle {number % 7}\n"),
        f"{circle}-reunion": (f"titre: Réunion du cercle {number}\ntype: reunion-operationnelle\ncercle: {circle}\n"
                              f"visibilite: interne\nrythme: dernier lundi du mois\n"
                              f"debut: 2027-01-25 14:00\nduree: 1h30\n"),
    }


def write_organisation(root: Path, circles: int) -> Path:
    """A Cercles project with ``circles`` circles under ``root``; returns its mkdocs.yml."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "circles").mkdir(parents=True)
    agenda = root / "content" / "agenda"
    agenda.mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Accueil\n\nUne organisation synthétique.\n", encoding="utf-8")
    for number in range(circles):
        (root / "circles" / f"{_circle_id(number)}.yaml").write_text(_circle_yaml(number), encoding="utf-8")
        for moment_id, text in _moment_yamls(number).items():
            (agenda / f"{moment_id}.yaml").write_text(text, encoding="utf-8")
    (root / "personnes.yaml").write_text(
        "".join(f"membre-{number:04d}:\n  nom: Membre {number}\n" for number in range(circles)), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(circles=circles, theme=THEME, plugin="  - cercles", nav=NAV_WITH_CIRCLES, omitted="info"),
                      encoding="utf-8")
    return config


def write_plain_site(root: Path, pages: int) -> Path:
    """The floor: ``pages`` small Markdown pages, same theme and search, a nav listing only the home."""
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content"
    content.mkdir(parents=True)
    (content / "index.md").write_text("# Accueil\n\nUn site témoin.\n", encoding="utf-8")
    for number in range(1, pages):
        folder = content / f"p{number // 100:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"page-{number:05d}.md").write_text(
            f"# Page {number}\n\nUn petit paragraphe de texte pour la page {number}.\n\n- un\n- deux\n",
            encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(circles=0, theme=THEME, plugin="", nav="  - Accueil: index.md\n",
                                       omitted="ignore")
                      .replace("site_name: Orga synthétique (0 cercles)", "site_name: Site témoin"), encoding="utf-8")
    return config
