"""``cercles check`` refuses what the build refuses, with the same message: generated-path
collisions, sources leading outside the project, and (as a warning) a shallow git history."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_command

GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


@pytest.mark.parametrize(("written", "page"), [
    ("content/roles/index.md", "roles/index.md"),
    ("content/cercles/jardin/README.md", "cercles/jardin/index.md"),
    ("content/agenda.ics", "agenda.ics"),
])
def test_check_and_build_refuse_a_hand_written_file_at_a_generated_path(written: str, page: str, organisation_dir: Path) -> None:
    target = organisation_dir / written
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Écrit à la main\n", encoding="utf-8")
    expected = (f"{written}: ce fichier est généré par Cercles (page « {page} ») "
                "(retirez-le du dossier content/ ou déplacez-le ailleurs)")
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1 and "Traceback" not in check.output, check.output
    assert expected in check.stderr.splitlines(), check.stderr
    build = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert build.status == 1 and "Traceback" not in build.output, build.output
    assert expected in build.output.splitlines(), build.output
    assert not (organisation_dir / "site").exists()


def test_a_circle_file_linking_outside_the_project_is_refused_and_never_published(organisation_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    secret = outside / "confidentiel.yaml"
    shutil.copyfile(organisation_dir / "circles" / "outils.yaml", secret)
    secret.write_text(secret.read_text(encoding="utf-8").replace("nom: Outils", "nom: Coffre-fort des salaires"), encoding="utf-8")
    (organisation_dir / "circles" / "coffre.yaml").symlink_to(secret)
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1 and "Traceback" not in check.output, check.output
    assert (f"circles/coffre.yaml: ce fichier mène hors du projet ({secret}) : il n'est pas lu, pour que rien d'extérieur "
            "au dépôt ne soit publié (remplacez le lien symbolique par le fichier lui-même, dans le projet)") in check.stderr.splitlines()
    build = run_command(["mkdocs", "build"], cwd=organisation_dir)
    assert build.status == 1 and "circles/coffre.yaml: ce fichier mène hors du projet" in build.output
    assert not (organisation_dir / "site").exists()


def test_a_people_file_linking_outside_the_project_is_refused(organisation_dir: Path, tmp_path: Path) -> None:
    people = organisation_dir / "personnes.yaml"
    outside = tmp_path / "annuaire.yaml"
    shutil.move(people, outside)
    people.symlink_to(outside)
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1
    assert f"personnes.yaml: ce fichier mène hors du projet ({outside})" in check.stderr


def test_a_link_that_stays_inside_the_project_is_read(organisation_dir: Path) -> None:
    shared = organisation_dir / "partage"
    shared.mkdir()
    shutil.move(organisation_dir / "circles" / "outils.yaml", shared / "outils.yaml")
    (organisation_dir / "circles" / "outils.yaml").symlink_to(Path("..") / "partage" / "outils.yaml")
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 0, check.output
    assert "OK : 3 cercles" in check.stdout


def _git(cwd: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "init.defaultBranch=main", *arguments], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, **GIT_IDENTITY})


@pytest.fixture
def history(organisation_dir: Path) -> Path:
    """petite-orga as a repository of two commits, the second changing a public moment."""
    _git(organisation_dir, "init", "-q")
    _git(organisation_dir, "add", "-A")
    _git(organisation_dir, "commit", "-q", "-m", "premier")
    moment = organisation_dir / "content" / "agenda" / "pret-d-outils.yaml"
    moment.write_text(moment.read_text(encoding="utf-8").replace("duree: 1h30", "duree: 2h"), encoding="utf-8")
    _git(organisation_dir, "commit", "-q", "-am", "second")
    return organisation_dir


SHALLOW = ("historique git: clone superficiel : les dates et numéros de version (SEQUENCE) des événements seraient faux, "
           "et les agendas abonnés ignoreraient les changements (récupérez tout l'historique avec « git fetch --unshallow », "
           "ou « fetch-depth: 0 » (GitHub Actions) / « GIT_DEPTH: 0 » (GitLab CI)) [avertissement]")


def test_a_shallow_clone_is_reported_by_check_and_fails_strict_builds(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "superficiel"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", str(clone))
    check = run_command(["cercles", "check"], cwd=clone)
    assert check.status == 0 and SHALLOW in check.stdout.splitlines(), check.output
    strict = run_command(["cercles", "check", "--strict"], cwd=clone)
    assert strict.status == 1 and SHALLOW in strict.stderr.splitlines(), strict.output
    build = run_command(["mkdocs", "build"], cwd=clone)
    assert build.status == 0 and "WARNING -  " + SHALLOW in build.output.splitlines(), build.output
    shutil.rmtree(clone / "site")
    strict_build = run_command(["mkdocs", "build", "--strict"], cwd=clone)
    assert strict_build.status == 1 and "Aborted with" in strict_build.output, strict_build.output
    assert not (clone / "site").exists()


def test_a_full_clone_gives_no_history_warning_and_counts_every_change(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "complet"
    _git(tmp_path, "clone", "-q", f"file://{history}", str(clone))
    check = run_command(["cercles", "check", "--strict"], cwd=clone)
    assert check.status == 0 and "historique git" not in check.output, check.output
    build = run_command(["mkdocs", "build", "--strict"], cwd=clone)
    assert build.status == 0, build.output
    assert "SEQUENCE:2" in (clone / "site" / "agenda.ics").read_text(encoding="utf-8")


def test_a_generated_link_to_no_page_stops_check_and_build_naming_the_page_and_the_link(organisation_dir: Path) -> None:
    """Links written as HTML in generated pages are not seen by MkDocs' ``--strict``: Cercles checks them itself."""
    templates = organisation_dir / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "role.md.j2").write_text(
        "# {{ role.name|md }}\n\n<p><a href=\"{{ href('index.md') }}\">Accueil</a> · "
        "<a href=\"{{ href(paths.circle_page(circle)) }}#roles\">{{ circle.name|html }}</a> · "
        "<a href=\"{{ href(paths.circle_page('potager')) }}\">Potager</a></p>\n", encoding="utf-8")
    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  custom_dir: theme\n  font: false\n"),
                      encoding="utf-8")
    expected = ("roles/jardin/coordination.md: lien cassé vers « ../../../cercles/potager/ » : aucune page ni aucun fichier "
                "à cette adresse (corrigez le modèle de page qui écrit ce lien (dossier templates/ du thème), "
                "ou signalez ce défaut de Cercles)")
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1 and "Traceback" not in check.output, check.output
    assert expected in check.stderr.splitlines(), check.stderr
    assert "« ../../../ »" not in check.stderr and "#roles" not in check.stderr, "links to a hand-written or generated page are fine"
    build = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert build.status == 1 and expected in build.output.splitlines(), build.output
    assert not (organisation_dir / "site").exists()
