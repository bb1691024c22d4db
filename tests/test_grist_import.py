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


# --- Grist's own shapes (grist-core, read at f98cda95) ---------------------------------------------


def write_json(orga: Path, document: dict[str, object], name: str = "moments.json") -> None:
    (orga / "grist" / name).write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def api_records() -> dict[str, list[dict[str, object]]]:
    records: dict[str, list[dict[str, object]]] = json.loads((GRIST / "moments.json").read_text(encoding="utf-8"))
    return records


def test_a_formula_error_of_the_records_json_is_named_never_taken_for_empty(orga: Path) -> None:
    """grist-core ``app/server/lib/DocApi.ts`` (``asRecords``): without ``cellFormat=typed``, a raised
    exception becomes ``null`` in ``fields`` and its name goes to ``errors[colId]``.

    Before: the error in Debut read « cellule vide » and the one in Lieu vanished from the file.
    """
    records = api_records()
    first, second = records["records"][0], records["records"][1]
    first["fields"]["Debut"] = None
    first["errors"] = {"Debut": "TypeError"}
    second["fields"]["Lieu"] = None
    second["errors"] = {"Lieu": "ZeroDivisionError", "Notes": "NameError"}  # Notes is not imported: no problem
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    fix = ("corrigez la formule de la colonne dans Grist (ou les cellules qu'elle lit), "
           "puis téléchargez de nouveau la table")
    assert run.stderr.splitlines() == [
        f"grist/moments.json: ligne Grist 1, colonne Debut: erreur de formule Grist (#TypeError) ({fix})",
        f"grist/moments.json: ligne Grist 2, colonne Lieu: erreur de formule Grist (#ZeroDivisionError) ({fix})",
        "2 erreur(s), 0 avertissement(s).",
        NOTHING_WRITTEN,
    ]
    assert imported(orga) == {}


def typed_records() -> dict[str, list[dict[str, object]]]:
    """The fixture table as ``GET …/records?cellFormat=typed`` returns it.

    grist-core ``app/common/gristTypes.ts`` (``reencodeAsTypedCellValue``): a Date becomes
    ``["d", ts]``, a DateTime ``["D", ts, zone]``, a Ref ``["R", table, rowId]`` (``0`` when empty),
    an empty ChoiceList ``["L"]``; text, numbers and booleans stay as they are.
    """
    records = api_records()
    for record in records["records"]:
        fields = record["fields"]
        assert isinstance(fields, dict)
        fields["Cercle"] = ["R", "Cercles", fields["Cercle"]]
        fields["Responsable"] = ["R", "Personnes", fields["Responsable"]]
        fields["Public"] = fields["Public"] or ["L"]
        fields["Debut"] = None if fields["Debut"] is None else ["D", fields["Debut"], "Europe/Paris"]
        fields["Jusqu_au"] = None if fields["Jusqu_au"] is None else ["d", fields["Jusqu_au"]]
    return records


def test_typed_cells_give_the_same_files(orga: Path) -> None:
    """grist-core ``app/plugin/GristData.ts`` (``GristObjCode``) and ``documentation/grist-data-format.md``
    (« cellFormat=typed »). Before: every ``["D", …]`` and ``["R", …]`` cell was « valeur inattendue »."""
    write_json(orga, typed_records())
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 0, run.output
    assert imported(orga) == EXPECTED


def test_typed_errors_and_dates_without_time_are_named(orga: Path) -> None:
    """grist-core ``app/plugin/GristData.ts``: ``["E", name, message?]`` stays inline with
    ``cellFormat=typed``; ``["d", ts]`` is a Date, which a moment's start cannot be."""
    records = typed_records()
    records["records"][0]["fields"]["Lieu"] = ["E", "AttributeError", "'Table' object has no attribute 'Nom'"]
    records["records"][1]["fields"]["Debut"] = ["d", 1806710400]
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[:2] == [
        "grist/moments.json: ligne Grist 1, colonne Lieu: erreur de formule Grist (#AttributeError) (corrigez la formule "
        "de la colonne dans Grist (ou les cellules qu'elle lit), puis téléchargez de nouveau la table)",
        "grist/moments.json: ligne Grist 2, colonne Debut: la cellule donne une date sans heure (dans Grist, donnez à la "
        "colonne le type « Date et heure » (DateTime) et indiquez l'heure)",
    ]


@pytest.mark.parametrize("typed", [False, True])
def test_a_datetime_at_midnight_utc_is_a_time_not_a_date(orga: Path, typed: bool) -> None:
    """grist-core ``documentation/grist-data-format.md``: a DateTime is an instant, a Date the seconds of
    UTC midnight; the column type decides, not the hour. 2027-03-27 00:00 UTC is 01:00 in Paris.

    Before: the start was refused as « une date sans heure ».
    """
    records = typed_records() if typed else api_records()
    midnight = 1806105600
    records["records"][0]["fields"]["Debut"] = ["D", midnight, "Europe/Paris"] if typed else midnight
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 0, run.output
    assert "debut: 2027-03-27 01:00\n" in imported(orga)["atelier-reparation-de-velos.yaml"]


def test_the_csv_in_grist_default_format_reads_with_the_shipped_example_formats(orga: Path) -> None:
    """grist-core ``app/common/ValueFormatter.ts`` (``DateTimeFormatter``): by default a DateTime is
    shown « YYYY-MM-DD h:mma », as in ``test/fixtures/export-csv/datetime.csv`` (« 2016-12-08 7:00pm »).

    The settings keep the formats of ``grist.exemple.yaml``; before, « 2027-03-27 2:00pm » was illisible.
    """
    example = [line for line in (REPO / "grist.exemple.yaml").read_text(encoding="utf-8").splitlines()
               if line.startswith("format_")]
    settings = orga / "grist.yaml"
    kept = [line for line in settings.read_text(encoding="utf-8").splitlines() if not line.startswith("format_")]
    settings.write_text("\n".join(kept + example) + "\n", encoding="utf-8")
    text = (GRIST / "moments.csv").read_text(encoding="utf-8")
    for old, new in (("27/03/2027 14:00", "2027-03-27 2:00pm"), ("03/04/2027 10:00", "2027-04-03 10:00am"),
                     ("02/11/2027 19:00", "2027-11-02 7:00pm"), ("30/09/2027", "2027-09-30")):
        text = text.replace(old, new)
    (orga / "grist" / "moments.csv").write_text(text, encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.status == 0, run.output
    assert imported(orga) == EXPECTED


def test_choice_lists_of_the_csv_undo_grist_quoting(orga: Path) -> None:
    """grist-core ``app/common/csvFormat.ts`` (``csvEncodeRow(values, {prettier: true})``, used by
    ``formatDecoded`` in ``ValueFormatter.ts``): a ChoiceList is « a, b », a choice holding a comma
    is quoted with its quotes doubled; ``ExportDSV.ts`` then quotes the whole cell for the CSV.

    Before: the cell was split on every comma and « "Bénévoles » was an unknown value.
    """
    settings = orga / "grist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "    Bénévoles: interne\n", "    Bénévoles: interne\n    Bénévoles, salarié·es: interne\n"), encoding="utf-8")
    text = (GRIST / "moments.csv").read_text(encoding="utf-8")
    text = text.replace('"Bénévoles, Adhérent·es"', '"""Bénévoles, salarié·es"", Adhérent·es"')
    text = text.replace(",Tout public,,27/03", ',"Tout public, ""Bénévoles, salarié·es""",,27/03')
    (orga / "grist" / "moments.csv").write_text(text, encoding="utf-8")
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.status == 0, run.output
    assert imported(orga) == EXPECTED


def test_a_column_is_found_by_its_label_or_its_id(orga: Path) -> None:
    """grist-core ``app/server/lib/ExportDSV.ts`` heads the CSV with column labels (``header ?? "label"``)
    while ``DocApi.ts`` keys the JSON by column id: one settings file lists both names.

    Before: a list of names in « colonnes » was refused (« attendu un texte »).
    """
    settings = orga / "grist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  debut: Debut\n", "  debut: [Debut, Premier rendez-vous]\n"),
                        encoding="utf-8")
    csv_text = (GRIST / "moments.csv").read_text(encoding="utf-8").replace(",Début,", ",Premier rendez-vous,", 1)
    (orga / "grist" / "moments.csv").write_text(csv_text, encoding="utf-8")
    for download in ("grist/moments.csv", "grist/moments.json"):
        run = run_command(["cercles", "import-grist", download, "--remplacer"], cwd=orga)
        assert run.status == 0, run.output
        assert imported(orga) == EXPECTED
    records = api_records()
    for record in records["records"]:
        fields = record["fields"]
        assert isinstance(fields, dict)
        fields["Commence"] = fields.pop("Debut")
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0].startswith(
        "grist.yaml:9:10: colonnes.debut: aucune des colonnes « Debut » ni « Premier rendez-vous » dans grist/moments.json "
        "(colonnes du fichier : ")


# --- bounds and text hygiene -----------------------------------------------------------------------

TOO_MANY = ("l'import lit au plus 5 000 moments : téléchargez une vue filtrée de la table des moments "
            "(par exemple les moments à venir), ou vérifiez qu'il s'agit du bon fichier")


def test_a_csv_of_a_million_rows_stops_at_the_limit(orga: Path) -> None:
    """Before: every row was read, converted and checked, for minutes."""
    with (orga / "grist" / "moments.csv").open("w", encoding="utf-8", newline="") as table:
        table.write("Titre,Type,Cercle,Public,Début\n")
        table.write("Troc,Atelier,Jardin,Tout public,12/06/2027 10:00\n" * 1_000_000)
    assert (orga / "grist" / "moments.csv").stat().st_size > 10_000_000
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0].startswith("grist/moments.csv: fichier trop gros (")
    assert run.stderr.splitlines()[0].endswith(f"octets, maximum 10 000 000) ({TOO_MANY})")
    with (orga / "grist" / "moments.csv").open("w", encoding="utf-8", newline="") as table:
        table.write("Titre\n" + "x\n" * 1_000_000)
    run = run_command(["cercles", "import-grist", "grist/moments.csv"], cwd=orga)
    assert run.stderr.splitlines() == [f"grist/moments.csv:5002: plus de 5 000 lignes ({TOO_MANY})",
                                       "1 erreur(s), 0 avertissement(s)."]


def test_a_json_of_too_many_records_is_refused(orga: Path) -> None:
    records = api_records()
    records["records"] = [records["records"][3]] * 5001
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[0] == f"grist/moments.json: plus de 5 000 lignes ({TOO_MANY})"


def test_every_cell_goes_through_the_text_policy(orga: Path) -> None:
    """``cercles.text``: a bidi override in a choice is refused, not folded into « public »; an escape is
    named and echoed escaped; Word's line break (``\\v``) is a line break. Before: the first two were
    imported (« Tout public\\u202e » read as public, the escape reached the type lookup)."""
    records = api_records()
    records["records"][0]["fields"]["Public"] = ["L", "Tout public\u202e"]
    records["records"][0]["fields"]["Description"] = "Venez avec votre vélo.\vOutils fournis."
    records["records"][1]["fields"]["Type"] = "\x1b[31mRéunion publique"
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 1
    assert run.stderr.splitlines()[:2] == [
        "grist/moments.json: ligne Grist 1, colonne Public: caractère interdit dans un texte : marque invisible de sens "
        "d'écriture (U+202E), en position 12 (supprimez-le : il fait afficher le texte dans un autre ordre que celui "
        "qui est publié)",
        "grist/moments.json: ligne Grist 2, colonne Type: caractère interdit dans un texte : échappement (U+001B), "
        "en position 1 (supprimez-le : il ne s'affiche pas et vient souvent d'un copier-coller)",
    ]
    records["records"][0]["fields"]["Public"] = ["L", "Tout public"]
    records["records"][1]["fields"]["Type"] = "Réunion publique"
    write_json(orga, records)
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 0, run.output
    assert "description: |-\n  Venez avec votre vélo.\n  Outils fournis.\n" in imported(orga)["atelier-reparation-de-velos.yaml"]
