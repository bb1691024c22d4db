"""``cercles new``: skeletons that pass ``cercles check`` and build, and refusals worded like its messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run_command
from cercles.sources.load import load_organisation
from cercles.sources.schema_files import schema_reference
from cercles.tools.new import create_moment, yaml_scalar
from cercles.settings import Settings
from cercles.site.config import load_site_config
from test_pages import visible_text

CIRCLE_SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/cercle.schema.json"
MOMENT_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/moment.schema.json"


def build(folder: Path) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=folder)
    assert run.status == 0, run.output
    return folder / "site"


def test_a_new_circle_passes_the_check_and_gets_its_page(organisation_dir: Path) -> None:
    run = run_command(["cercles", "new", "circle", "repair-cafe"], cwd=organisation_dir)
    assert run.status == 0, run.output
    assert run.stdout.splitlines() == [
        "circles/repair-cafe.yaml : cercle créé.",
        "Étape suivante : complétez les « À préciser » de circles/repair-cafe.yaml, puis lancez « cercles check ».",
    ]
    written = (organisation_dir / "circles" / "repair-cafe.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[0] == CIRCLE_SCHEMA_LINE
    assert "\ntype: projet\n" in written
    assert "# parent: jardin" in written, "the parent example names an existing circle"

    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 0, check.output
    assert "OK : 4 cercles, 1 actions, 4 moments." in check.stdout
    assert "circles/repair-cafe.yaml:9:1: code_analytique: code analytique à préciser" in check.stdout
    assert "0 erreur(s), 5 avertissement(s)." in check.stdout.splitlines()

    text = visible_text((build(organisation_dir) / "cercles" / "repair-cafe" / "index.html").read_text(encoding="utf-8"))
    assert "Repair cafe" in text
    assert "À préciser. Pourquoi ce cercle existe, en une phrase ou deux." in text
    assert "Coordination du cercle Repair cafe" in text


def test_a_new_support_circle_takes_the_type_asked(organisation_dir: Path) -> None:
    assert run_command(["cercles", "new", "circle", "cuisine", "--type", "support"], cwd=organisation_dir).status == 0
    result = load_organisation(load_site_config(organisation_dir / "mkdocs.yml").settings)
    assert result.organisation.circle("cuisine").type.value == "support"


def test_a_new_bureau_has_three_seats_and_is_refused_when_one_exists(organisation_dir: Path) -> None:
    refused = run_command(["cercles", "new", "circle", "conseil", "--type", "bureau"], cwd=organisation_dir)
    assert refused.status == 1
    assert refused.stderr.strip() == ("circles/conseil.yaml: un seul cercle peut être le bureau collégial, et circles/bureau.yaml "
                                      "l'est déjà (choisissez « --type projet » ou « --type support »)")
    assert not (organisation_dir / "circles" / "conseil.yaml").exists()

    (organisation_dir / "circles" / "bureau.yaml").unlink()
    assert run_command(["cercles", "new", "circle", "conseil", "--type", "bureau"], cwd=organisation_dir).status == 0
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 0, check.output
    bureau = load_organisation(load_site_config(organisation_dir / "mkdocs.yml").settings).organisation.circle("conseil")
    assert [role.id for role in bureau.roles if role.coordination] == ["siege-1", "siege-2", "siege-3"]


def test_a_new_moment_passes_the_check_and_stays_internal_until_made_public(organisation_dir: Path) -> None:
    run = run_command(["cercles", "new", "moment", "atelier-velo", "--cercle", "jardin"], cwd=organisation_dir)
    assert run.status == 0, run.output
    assert run.stdout.splitlines()[0] == "content/agenda/atelier-velo.yaml : moment créé (interne : il ne paraît pas encore sur le site)."
    assert "passez « visibilite: public »" in run.stdout.splitlines()[1]
    path = organisation_dir / "content" / "agenda" / "atelier-velo.yaml"
    written = path.read_text(encoding="utf-8")
    assert written.splitlines()[0] == MOMENT_SCHEMA_LINE
    assert "\ncercle: jardin\n" in written and "\nvisibilite: interne\n" in written

    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 0, check.output
    assert check.stdout.strip() == "OK : 3 cercles, 1 actions, 5 moments."

    site = build(organisation_dir)
    assert "Atelier velo" not in (site / "agenda" / "index.html").read_text(encoding="utf-8"), "internal until the volunteer decides"

    path.write_text(written.replace("\nvisibilite: interne\n", "\nvisibilite: public\n"), encoding="utf-8")
    text = visible_text((build(organisation_dir) / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert "Atelier velo" in text
    assert "horaire à confirmer" in text


def test_the_only_circle_organises_a_moment_without_cercle(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Solo\nplugins:\n  - cercles\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()  # MkDocs refuses a project without its pages folder
    assert run_command(["cercles", "new", "circle", "solo"], cwd=tmp_path).status == 0
    run = run_command(["cercles", "new", "moment", "premiere-reunion"], cwd=tmp_path)
    assert run.status == 0, run.output
    assert "\ncercle: solo\n" in (tmp_path / "content" / "agenda" / "premiere-reunion.yaml").read_text(encoding="utf-8")
    check = run_command(["cercles", "check"], cwd=tmp_path)
    assert check.status == 0, check.output
    assert "OK : 1 cercles, 0 actions, 1 moments." in check.stdout


def test_several_circles_require_cercle(organisation_dir: Path) -> None:
    run = run_command(["cercles", "new", "moment", "atelier-velo"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.strip() == ("content/agenda/atelier-velo.yaml: précisez le cercle organisateur avec « --cercle » "
                                  "(par exemple « cercles new moment atelier-velo --cercle jardin » ; "
                                  "cercles existants : bureau, jardin, outils)")
    assert not (organisation_dir / "content" / "agenda" / "atelier-velo.yaml").exists()


def test_an_unknown_cercle_is_refused_with_the_closest(organisation_dir: Path) -> None:
    run = run_command(["cercles", "new", "moment", "atelier-velo", "--cercle", "jardn"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.strip() == ("content/agenda/atelier-velo.yaml: cercle « jardn » introuvable dans circles/ "
                                  "(vouliez-vous dire « jardin » ?)")
    assert not (organisation_dir / "content" / "agenda" / "atelier-velo.yaml").exists()


def test_an_existing_file_is_never_overwritten(organisation_dir: Path) -> None:
    circle = organisation_dir / "circles" / "jardin.yaml"
    before = circle.read_text(encoding="utf-8")
    run = run_command(["cercles", "new", "circle", "jardin"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stdout == ""
    assert run.stderr.strip() == ("circles/jardin.yaml: ce fichier existe déjà et n'a pas été modifié "
                                  "(ouvrez-le pour le compléter, ou choisissez un autre identifiant)")
    assert circle.read_text(encoding="utf-8") == before

    moment = run_command(["cercles", "new", "moment", "troc-de-graines", "--cercle", "jardin"], cwd=organisation_dir)
    assert moment.status == 1
    assert moment.stderr.startswith("content/agenda/troc-de-graines.yaml: ce fichier existe déjà")


@pytest.mark.parametrize(("args", "expected"), [
    (["circle", "Repair Café"], "circles/Repair Café.yaml: identifiant invalide « Repair Café » : seulement minuscules sans accent, "
                              "chiffres et tirets (essayez « cercles new circle repair-cafe »)"),
    (["moment", "Fête_du_Jardin", "--cercle", "jardin"], "content/agenda/Fête_du_Jardin.yaml: identifiant invalide « Fête_du_Jardin » : seulement minuscules "
                                 "sans accent, chiffres et tirets (essayez « cercles new moment fete-du-jardin »)"),
])
def test_an_invalid_id_is_refused_with_the_id_check_would_suggest(organisation_dir: Path, args: list[str], expected: str) -> None:
    run = run_command(["cercles", "new", *args], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.strip() == expected
    assert "Traceback" not in run.output
    assert run_command(["cercles", "check"], cwd=organisation_dir).status == 0, "nothing was written"


def test_a_name_equal_once_accents_and_case_are_ignored_is_refused(organisation_dir: Path) -> None:
    (organisation_dir / "circles" / "Réparer.yaml").write_text("nom: Réparer\n", encoding="utf-8")
    run = run_command(["cercles", "new", "circle", "reparer"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.strip() == ("circles/reparer.yaml: ce nom désigne le même identifiant que circles/Réparer.yaml "
                                  "(ouvrez ce fichier-là, ou choisissez un autre identifiant)")
    assert not (organisation_dir / "circles" / "reparer.yaml").exists()


def test_ids_that_check_would_reject_as_duplicates_are_refused(organisation_dir: Path) -> None:
    action = run_command(["cercles", "new", "circle", "compost"], cwd=organisation_dir)
    assert action.status == 1
    assert action.stderr.strip() == ("circles/compost.yaml: identifiant déjà utilisé par l'action « compost » de circles/jardin.yaml "
                                     "(choisissez un autre identifiant : cercles et actions partagent les mêmes adresses)")
    meetings = run_command(["cercles", "new", "moment", "reunions-jardin", "--cercle", "jardin"], cwd=organisation_dir)
    assert meetings.status == 1
    assert meetings.stderr.strip() == ("content/agenda/reunions-jardin.yaml: identifiant réservé aux réunions opérationnelles du "
                                       "cercle « jardin » (décrivez-les dans circles/jardin.yaml, section « reunions », "
                                       "ou choisissez un autre identifiant)")


@pytest.mark.parametrize("circle_id", ["2027", "on", "null"])
def test_ids_yaml_would_misread_still_give_valid_files(organisation_dir: Path, circle_id: str) -> None:
    assert run_command(["cercles", "new", "circle", circle_id], cwd=organisation_dir).status == 0
    assert run_command(["cercles", "new", "moment", f"{circle_id}-lancement", "--cercle", circle_id], cwd=organisation_dir).status == 0
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 0, check.output


def test_yaml_scalar_quotes_only_what_yaml_would_change() -> None:
    assert yaml_scalar("Repair cafe") == "Repair cafe"
    assert yaml_scalar("2027") == '"2027"'
    assert yaml_scalar("Yes") == '"Yes"'


def test_the_schema_path_is_relative_to_the_file_folder(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, circles_dir="donnees/cercles", agenda_dir="agenda")
    assert schema_reference(settings.root, settings.circles_path, "cercle.schema.json") == "../../schemas/cercle.schema.json"
    assert schema_reference(settings.root, settings.agenda_path, "moment.schema.json") == "../schemas/moment.schema.json"


def test_a_new_moment_starts_a_month_ahead_at_half_past_six(organisation_dir: Path) -> None:
    settings = load_site_config(organisation_dir / "mkdocs.yml").settings
    path = create_moment(settings, "apero", "outils", today=date(2027, 3, 1))
    assert "\ndebut: 2027-03-31 18:30\n" in path.read_text(encoding="utf-8")
    moment = next(m for m in load_organisation(settings).organisation.moments if m.id == "apero")
    assert (moment.provisional, moment.is_public, moment.kind.value) == (True, False, "atelier")
