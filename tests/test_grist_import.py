"""``cercles import-grist``: Grist's moments table (API JSON or CSV export) → content/agenda/*.yaml.

The fixtures under ``tests/fixtures/grist/`` are the same table downloaded both ways; the petite-orga
copy gets ``grist.yaml`` at its root (the default place) and the downloads under ``grist/``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, run_command
from cercles.tools.import_grist.formats import compile_format, match_formats
from cercles.tools.import_grist.options import read_import_settings
from cercles.sources.load import source_files
from cercles.site.config import load_site_config

GRIST = FIXTURES / "grist"
AGENDA = Path("content") / "agenda"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/moment.schema.json\n"
HEADER = SCHEMA_LINE + (
    "# Importé de Grist par « cercles import-grist » : modifiez ce moment dans Grist, puis réimportez-le avec --remplacer\n"
    "# (une modification faite ici serait effacée par le prochain import).\n"
)
EXPECTED = {
    # 2027-03-27 14:00 in Paris is 13:00 UTC (winter time, the day before the change)…
    "atelier-reparation-de-velos.yaml": HEADER + """\
titre: Atelier réparation de vélos
type: atelier
cercle: outils
visibilite: public
debut: 2027-03-27 14:00
duree: 3h
lieu: Remise
description: |-
  Venez avec votre vélo : on le répare ensemble.
  Outils et conseils fournis.
""",
    # … 2027-04-03 10:00 is 08:00 UTC (summer time); its id comes from the Identifiant column.
    "visite-printemps.yaml": HEADER + """\
titre: Visite du jardin au printemps
type: reunion-publique
cercle: jardin
visibilite: public
rythme: premier samedi du mois
debut: 2027-04-03 10:00
duree: 1h30
jusqu_au: 2027-09-30
lieu: Cabane du jardin
a_confirmer: true
""",
    # … and 2027-11-02 19:00 is 18:00 UTC again, after the autumn change.
    "point-tresorerie-des-benevoles.yaml": HEADER + """\
titre: Point trésorerie des bénévoles
type: point-budgetaire
cercle: bureau
visibilite: interne
rythme: chaque mois
debut: 2027-11-02 19:00
duree: 1h
""",
}
EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01T00:00:00Z
DONE = ("3 moment(s) importé(s) dans content/agenda/. Vérifiez avec « cercles check », "
        "puis relisez les changements avant de les publier.")
NOTHING_WRITTEN = "Rien n'a été écrit : corrigez ces lignes dans Grist (ou les réglages), puis relancez l'import."


@pytest.fixture
def orga(organisation_dir: Path) -> Path:
    """The fixture organisation with ``grist.yaml`` at its root and both downloads in ``grist/``."""
    shutil.copy(GRIST / "grist.yaml", organisation_dir / "grist.yaml")
    (organisation_dir / "grist").mkdir()
    for name in ("moments.json", "moments.csv", "erreurs.json", "erreurs.csv"):
        shutil.copy(GRIST / name, organisation_dir / "grist" / name)
    return organisation_dir


def agenda_files(orga: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in source_files(orga / AGENDA, orga)}


def imported(orga: Path) -> dict[str, str]:
    return {name: text for name, text in agenda_files(orga).items() if name in EXPECTED}


def test_the_json_of_the_api_becomes_one_file_per_moment(orga: Path) -> None:
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 0, run.output
    assert run.stdout.splitlines() == [
        "content/agenda/atelier-reparation-de-velos.yaml (nouveau)",
        "content/agenda/visite-printemps.yaml (nouveau)",
        "content/agenda/point-tresorerie-des-benevoles.yaml (nouveau)",
        DONE,
    ]
    assert imported(orga) == EXPECTED
    check = run_command(["cercles", "check"], cwd=orga)
    assert check.status == 0, check.output
    assert "7 moments" in check.stdout


def test_imported_public_moments_reach_the_agenda_and_internal_ones_do_not(orga: Path) -> None:
    assert run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga).status == 0
    build = run_command(["mkdocs", "build", "--strict"], cwd=orga, env=EPOCH)
    assert build.status == 0, build.output
    agenda = (orga / "site" / "agenda" / "index.html").read_text(encoding="utf-8")
    assert "Atelier réparation de vélos" in agenda and "Visite du jardin au printemps" in agenda
    published = "".join(path.read_text(encoding="utf-8", errors="replace") for path in (orga / "site").rglob("*")
                        if path.suffix in (".html", ".ics", ".json", ".xml"))
    assert "trésorerie des bénévoles" not in published and "tresorerie" not in published


def test_the_csv_export_gives_the_same_files(orga: Path) -> None:
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.status == 0, run.output
    assert imported(orga) == EXPECTED
    again = run_command(["cercles", "import-grist", "grist/moments.json", "--remplacer"], cwd=orga)
    assert again.status == 0, again.output
    assert "content/agenda/visite-printemps.yaml (inchangé)" in again.stdout


def test_the_csv_format_follows_the_column_format_of_grist(orga: Path) -> None:
    """Grist's default time format is « h:mma » (« 2:00pm »); a CSV re-saved by a French spreadsheet (« ; », BOM) is read too."""
    settings = orga / "grist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("format_date: DD/MM/YYYY", "format_date: MM/DD/YYYY")
                        .replace("format_heure: HH:mm", "format_heure: h:mma"), encoding="utf-8")
    text = (GRIST / "moments.csv").read_text(encoding="utf-8")
    for old, new in (("27/03/2027 14:00", "03/27/2027 2:00pm"), ("03/04/2027 10:00", "04/03/2027 10:00am"),
                     ("02/11/2027 19:00", "11/02/2027 7:00pm"), ("30/09/2027", "09/30/2027")):
        text = text.replace(old, new)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    with (orga / "grist" / "moments.csv").open("w", encoding="utf-8-sig", newline="") as semicolons:
        csv.writer(semicolons, delimiter=";").writerows(rows)
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.status == 0, run.output
    assert imported(orga) == EXPECTED


def test_bad_rows_of_the_json_are_all_reported_and_nothing_is_written(orga: Path) -> None:
    before = agenda_files(orga)
    run = run_command(["cercles", "import-grist", "grist/erreurs.json"], cwd=orga)
    assert run.status == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "grist/erreurs.json: ligne Grist 11, colonne Type: valeur « Apéro » inconnue (ajoutez « Apéro: … » sous "
        "« valeurs: type: » dans grist.yaml ; valeurs possibles : atelier, atelier-collectif, consolidation-agenda, "
        "inter-projets, interpoles, objectifs-prioritaires, permanence, point-budgetaire, reunion-operationnelle, reunion-publique)",
        "grist/erreurs.json: ligne Grist 12, colonne Titre: cellule vide (écrivez le nom du moment dans Grist)",
        "grist/erreurs.json: ligne Grist 13, colonne Debut: date et heure « demain 18h » illisibles "
        "(dans Grist, donnez à la colonne le type « Date et heure » et corrigez la cellule)",
        "grist/erreurs.json: ligne Grist 14, colonne Cercle: ligne 9 de la table des cercles inconnue de grist.yaml "
        "(ajoutez « 9: identifiant-du-cercle » sous « cercles: » dans grist.yaml)",
        "4 erreur(s), 0 avertissement(s).",
        NOTHING_WRITTEN,
    ]
    assert agenda_files(orga) == before


def test_bad_rows_of_the_csv_are_named_by_their_line(orga: Path) -> None:
    before = agenda_files(orga)
    run = run_command(["cercles", "import-grist", "grist/erreurs.csv"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines() == [
        "grist/erreurs.csv:3: colonne Type: valeur « Apéro » inconnue (ajoutez « Apéro: … » sous « valeurs: type: » "
        "dans grist.yaml ; valeurs possibles : atelier, atelier-collectif, consolidation-agenda, inter-projets, interpoles, "
        "objectifs-prioritaires, permanence, point-budgetaire, reunion-operationnelle, reunion-publique)",
        "grist/erreurs.csv:4: colonne Titre: cellule vide (écrivez le nom du moment dans Grist)",
        "grist/erreurs.csv:5: colonne Début: la date « 31/02/2027 18:30 » n'existe pas dans le calendrier "
        "(corrigez la cellule dans Grist)",
        "grist/erreurs.csv:6: colonne Cercle: valeur « Verger » inconnue (ajoutez « Verger: … » sous « valeurs: cercle: » "
        "dans grist.yaml ; valeurs possibles : bureau, jardin, outils)",
        "grist/erreurs.csv:7: colonne Début: date et heure « fin mai » illisibles (écrivez-la au format « DD/MM/YYYY HH:mm », "
        "réglé par format_date et format_heure dans grist.yaml)",
        "5 erreur(s), 0 avertissement(s).",
        NOTHING_WRITTEN,
    ]
    assert agenda_files(orga) == before


def test_each_row_is_checked_by_the_loader_before_writing(orga: Path) -> None:
    """What ``cercles check`` would refuse is refused at import, named by the Grist column."""
    records = json.loads((GRIST / "moments.json").read_text(encoding="utf-8"))
    records["records"][1]["fields"]["Rythme"] = "les samedis pairs"
    records["records"][2]["fields"]["Duree"] = "une heure"
    (orga / "grist" / "moments.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith("grist/moments.json: ligne Grist 2, colonne Rythme: rythme « les samedis pairs » non compris")
    assert lines[1] == ("grist/moments.json: ligne Grist 4, colonne Duree: durée « une heure » illisible "
                        "(écrivez par exemple « 2h », « 1h30 » ou « 45 min »)")
    assert imported(orga) == {}


def test_an_existing_file_is_only_replaced_when_asked(orga: Path) -> None:
    assert run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga).status == 0
    records = json.loads((GRIST / "moments.json").read_text(encoding="utf-8"))
    records["records"][0]["fields"]["Lieu"] = "Atelier vélo"
    (orga / "grist" / "moments.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    refused = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert refused.status == 1
    assert refused.stderr.splitlines()[:3] == [
        f"grist/moments.json: ligne Grist {row}: content/agenda/{name} existe déjà "
        "(relancez avec --remplacer pour le réécrire depuis Grist)"
        for row, name in ((1, "atelier-reparation-de-velos.yaml"), (2, "visite-printemps.yaml"),
                          (4, "point-tresorerie-des-benevoles.yaml"))
    ]
    assert imported(orga) == EXPECTED
    replaced = run_command(["cercles", "import-grist", "grist/moments.json", "--remplacer"], cwd=orga)
    assert replaced.status == 0, replaced.output
    assert "content/agenda/atelier-reparation-de-velos.yaml (remplacé)" in replaced.stdout
    assert "lieu: Atelier vélo\n" in (orga / AGENDA / "atelier-reparation-de-velos.yaml").read_text(encoding="utf-8")


def test_a_renamed_moment_leaves_its_old_file_named(orga: Path) -> None:
    """Without an id column the id follows the title: the import names the file the old title left behind."""
    assert run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga).status == 0
    records = json.loads((GRIST / "moments.json").read_text(encoding="utf-8"))
    records["records"][0]["fields"]["Titre"] = "Atelier vélo"
    (orga / "grist" / "moments.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.json", "--remplacer"], cwd=orga)
    assert run.status == 0, run.output
    assert "content/agenda/atelier-velo.yaml (nouveau)" in run.stdout
    assert ("À vérifier : content/agenda/atelier-reparation-de-velos.yaml (importé(s) de Grist, absent(s) de ce fichier) : "
            "supprimez-les si ces moments ont été retirés de Grist ou ont changé d'identifiant.") in run.stdout


def test_a_hand_written_file_is_never_replaced(orga: Path) -> None:
    hand_written = orga / AGENDA / "visite-printemps.yaml"
    shutil.copy(orga / AGENDA / "troc-de-graines.yaml", hand_written)
    run = run_command(["cercles", "import-grist", "grist/moments.json", "--remplacer"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0] == (
        "grist/moments.json: ligne Grist 2: content/agenda/visite-printemps.yaml a été écrit à la main, pas importé de Grist "
        "(renommez ou supprimez ce fichier si le moment de Grist doit le remplacer)")
    assert hand_written.read_bytes() == (orga / AGENDA / "troc-de-graines.yaml").read_bytes()


def test_a_dry_run_shows_the_files_and_writes_nothing(orga: Path) -> None:
    before = agenda_files(orga)
    run = run_command(["cercles", "import-grist", "grist/moments.json", "--essai"], cwd=orga)
    assert run.status == 0, run.output
    assert f"--- content/agenda/visite-printemps.yaml (nouveau)\n{EXPECTED['visite-printemps.yaml']}" in run.stdout
    assert run.stdout.endswith("Essai : 3 moment(s) seraient écrits dans content/agenda/ ; rien n'a été écrit.\n")
    assert agenda_files(orga) == before


def test_two_rows_with_one_title_are_refused(orga: Path) -> None:
    records = json.loads((GRIST / "moments.json").read_text(encoding="utf-8"))
    records["records"][2]["fields"]["Titre"] = "Atelier réparation de vélos !"
    (orga / "grist" / "moments.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0] == (
        "grist/moments.json: ligne Grist 4: l'identifiant « atelier-reparation-de-velos » est aussi celui de la ligne Grist 1 "
        "(donnez-leur des titres différents, ou remplissez la colonne de l'identifiant dans Grist)")


def test_settings_problems_point_at_their_line(orga: Path) -> None:
    settings = orga / "grist.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  debut: Debut\n", "  debut: Début du moment\n").replace("  2: jardin\n", "  2: verger\n")
                        .replace("fuseau_horaire:", "fuseau_horaires:"), encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines() == [
        "grist.yaml:24:6: cercles.2: cercle « verger » inconnu (valeurs possibles : bureau, jardin, outils)",
        "grist.yaml:28:1: fuseau_horaires: clé inconnue (vouliez-vous dire « fuseau_horaire » ?)",
        "2 erreur(s), 0 avertissement(s).",
    ]
    settings.write_text(text.replace("  debut: Debut\n", "  debut: Début du moment\n"), encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0] == (
        "grist.yaml:9:10: colonnes.debut: colonne « Début du moment » absente de grist/moments.json (colonnes du fichier : "
        "Identifiant, Titre, Type, Cercle, Public, Rythme, Debut, Duree, Jusqu_au, Lieu, Description, A_confirmer, Notes, "
        "Responsable ; corrigez le nom ou retirez la ligne)")


def test_missing_settings_say_where_to_start(orga: Path) -> None:
    (orga / "grist.yaml").unlink()
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr == ("grist.yaml: fichier de réglages introuvable (copiez grist.exemple.yaml en grist.yaml et adaptez "
                          "les noms de colonnes, ou donnez --reglages chemin/vers/reglages.yaml)\n")


def test_the_shipped_example_fits_la_raffinerie() -> None:
    """``grist.exemple.yaml`` names real circles: it must keep up with ``circles/``."""
    settings = load_site_config(REPO / "mkdocs.yml").settings
    circle_ids = frozenset(path.stem for path in source_files(settings.circles_path, settings.root))
    options = read_import_settings(REPO / "grist.exemple.yaml", "grist.exemple.yaml", settings, circle_ids)
    assert set(options.circles.values()) <= circle_ids
    assert {"titre", "type", "cercle", "debut", "visibilite"} <= set(options.columns)


@pytest.mark.parametrize(("grist_format", "text", "expected"), [
    ("DD/MM/YYYY HH:mm", "25/01/2027 18:30", datetime(2027, 1, 25, 18, 30)),
    ("MM-DD-YY h:mma", "01-25-27 6:30pm", datetime(2027, 1, 25, 18, 30)),
    ("YYYY-MM-DD h:mma z", "2027-01-25 12:05am CET", datetime(2027, 1, 25, 0, 5)),
    ("DD/MM/YYYY HH:mm", "2027-01-25 18:30", None),
])
def test_grist_display_formats_are_read(grist_format: str, text: str, expected: datetime | None) -> None:
    compiled = compile_format(grist_format)
    assert compiled is not None
    assert match_formats(text, compiled) == expected


def test_formats_with_month_names_are_refused() -> None:
    assert compile_format("DD MMM YYYY") is None
