"""A git repository of the small fixture organisation with a known governance history.

Every commit has fixed author and committer dates, so the history (and the pages built from
it) is the same on every machine. Shared by tests/test_history.py and the browser test.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_organisation

JARDIN_OLD_PURPOSE = "Faire pousser des tomates avec le quartier."
JARDIN_NEW_PURPOSE = "Cultiver un potager partagé avec les habitant·es du quartier."

CUISINE = """\
nom: Cuisine
type: projet
raison_d_etre: Cuisiner les récoltes du jardin ensemble.
reunions:
  rythme: chaque trimestre
roles:
  - id: coordination
    nom: Chef·fe de cuisine
    coordination: true
    titulaires: [chloe]
    redevabilites: [Tenir la cuisine propre]
"""
ATELIERS = """\
nom: Ateliers
type: support
raison_d_etre: Organiser des ateliers de réparation pour tous les cercles.
reunions:
  rythme: chaque trimestre
roles:
  - id: coordination
    nom: Animateur·rice des ateliers
    coordination: true
    titulaires: [bob]
    redevabilites: [Préparer le matériel des ateliers]
"""


def git(repo: Path, *args: str, date: str = "2024-01-01T00:00:00+01:00") -> str:
    """Run git in ``repo`` with a fixed identity and date, whatever the machine's configuration."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Fixture", "GIT_AUTHOR_EMAIL": "fixture@example.org",
           "GIT_COMMITTER_NAME": "Fixture", "GIT_COMMITTER_EMAIL": "fixture@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    completed = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return completed.stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty-message", "-m", message, date=date)


def make_history_repo(target: Path) -> Path:
    """The fixture organisation in a git repository whose history is, oldest first:

    1. 10 January 2024: every circle created (plus Cuisine and Ateliers);
    2. 15 February: Jardin's purpose rewritten;
    3. 20 March: Bob joins Jardin's coordination role;
    4. 2 April: Outils' purpose changed while its role lost its id (a broken version);
    5. 3 April, no message: the role fixed and a domain added to Outils;
    6. 6 May: cuisine.yaml renamed cantine.yaml and the circle renamed Cantine;
    7. 1 June: Ateliers removed.
    """
    repo = copy_organisation(target)
    circles = repo / "circles"
    git(repo, "init", "-q", "-b", "main")
    (circles / "cuisine.yaml").write_text(CUISINE, encoding="utf-8")
    (circles / "ateliers.yaml").write_text(ATELIERS, encoding="utf-8")
    _commit(repo, "Premiers cercles", "2024-01-10T10:00:00+01:00")
    _edit(circles / "jardin.yaml", JARDIN_OLD_PURPOSE, JARDIN_NEW_PURPOSE)
    _commit(repo, "Réécrire la raison d'être du jardin", "2024-02-15T18:30:00+01:00")
    _edit(circles / "jardin.yaml", "titulaires: [alice]", "titulaires: [alice, bob]")
    _commit(repo, "Bob rejoint la coordination du jardin", "2024-03-20T09:00:00+01:00")
    _edit(circles / "outils.yaml", "Prêter des outils en bon état à tous les cercles.", "Prêter et réparer les outils de tous les cercles.")
    _edit(circles / "outils.yaml", "  - id: coordination\n", "  - nom_du_role: coordination\n")
    _commit(repo, "WIP", "2024-04-02T12:00:00+02:00")
    _edit(circles / "outils.yaml", "  - nom_du_role: coordination\n", "  - id: coordination\n")
    _edit(circles / "outils.yaml", "  - Règles de prêt des outils\n", "  - Règles de prêt des outils\n  - Atelier de réparation\n")
    _commit(repo, "", "2024-04-03T12:00:00+02:00")
    git(repo, "mv", "circles/cuisine.yaml", "circles/cantine.yaml")
    _edit(circles / "cantine.yaml", "nom: Cuisine", "nom: Cantine")
    _commit(repo, "Renommer la cuisine en cantine", "2024-05-06T10:00:00+02:00")
    git(repo, "rm", "-q", "circles/ateliers.yaml")
    _commit(repo, "Fermer les ateliers : l'activité rejoint Outils", "2024-06-01T10:00:00+02:00")
    return repo
