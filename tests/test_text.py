"""One text policy: folding shared by ids and search, characters that are not text, and text that round-trips.

The forbidden characters typed in YAML files are in the bad-input catalogue (tests/bad_inputs/43-…);
here: what folding gives, what is normalised, what Grist brings, and what reaches pages, feeds
and the terminal.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import icalendar

from conftest import FIXTURES, run_command
from cercles.site.search_folding import accent_free_words
from cercles.text import did_you_mean, slug

EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01T00:00:00Z
MOMENT = Path("content") / "agenda" / "pret-d-outils.yaml"


def set_line(organisation: Path, relative: Path, key: str, value: str) -> None:
    """Replace the line ``key: …`` of a fixture file, keeping every other line as it is."""
    path = organisation / relative
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"^{key}: .*$", text, flags=re.M), key
    path.write_text(re.sub(rf"^{key}: .*$", lambda _: f"{key}: {value}", text, flags=re.M), encoding="utf-8")


def build(organisation: Path) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation, env=EPOCH)
    assert run.status == 0, run.output
    return organisation / "site"


def feed_event(site: Path, moment_id: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical((site / "agenda.ics").read_bytes())
    return next(event for event in calendar.walk("VEVENT") if str(event["UID"]).startswith(f"{moment_id}@"))


# --- folding -------------------------------------------------------------------------------------


def test_slugs_and_search_fold_ligatures_alike() -> None:
    assert slug("Sœurs du Cœur") == "soeurs-du-coeur"
    assert slug("Ætna, Straße") == "aetna-strasse"
    words = accent_free_words("Sœurs du Cœur", re.compile(r"[\s\-]+"))
    assert words == "Soeurs Coeur"
    assert slug(words) == "soeurs-coeur"


def test_a_file_named_with_a_ligature_is_told_the_id_search_would_find(organisation_dir: Path) -> None:
    shutil.copy(organisation_dir / "circles" / "outils.yaml", organisation_dir / "circles" / "Sœurs.yaml")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert "renommez le fichier en « soeurs.yaml »" in run.stderr, run.stderr


def test_did_you_mean_compares_folded_words() -> None:
    assert did_you_mean("ÉTÉ", ["ete", "hiver"], "ete, hiver") == "vouliez-vous dire « ete » ?"


# --- normalised, not refused ------------------------------------------------------------------------


def test_a_word_line_break_becomes_a_line_break_in_the_feed(organisation_dir: Path) -> None:
    path = organisation_dir / MOMENT
    path.write_text(path.read_text(encoding="utf-8") + 'description: "Apportez vos outils.\\vEt vos questions.\\r\\nMerci."\n',
                    encoding="utf-8")
    site = build(organisation_dir)
    feed = (site / "agenda.ics").read_text(encoding="utf-8")
    assert "DESCRIPTION:Apportez vos outils.\\nEt vos questions.\\nMerci." in feed.replace("\r\n ", "")
    assert "\x0b" not in feed and "\\r" not in feed


def test_nbsp_is_kept(organisation_dir: Path) -> None:
    set_line(organisation_dir, MOMENT, "titre", "'Permanence\u00a0: outils'")
    site = build(organisation_dir)
    assert str(feed_event(site, "pret-d-outils")["SUMMARY"]) == "Permanence\u00a0: outils"


# --- round trips -----------------------------------------------------------------------------------


def test_tilde_pipe_and_backslash_n_read_back_as_typed_on_pages_and_in_feeds(organisation_dir: Path) -> None:
    set_line(organisation_dir, MOMENT, "titre", "'Atelier ~ vélo | C:\\Nouveau'")
    site = build(organisation_dir)
    page = unescape((site / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert "Atelier ~ vélo | C:\\Nouveau" in page
    assert "\\~" not in page and "\\|" not in page
    feed = (site / "agenda.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Atelier ~ vélo | C:\\\\Nouveau" in feed
    assert str(feed_event(site, "pret-d-outils")["SUMMARY"]) == "Atelier ~ vélo | C:\\Nouveau"


# --- echoes ----------------------------------------------------------------------------------------


def test_an_escape_sequence_in_a_value_is_refused_once(organisation_dir: Path) -> None:
    set_line(organisation_dir, Path("circles") / "outils.yaml", "type", '"support\\e[2J"')
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.splitlines() == [
        "circles/outils.yaml:3:7: type: caractère interdit dans un texte : échappement (U+001B), en position 8 "
        "(supprimez-le : il ne s'affiche pas et vient souvent d'un copier-coller)",
        "1 erreur(s), 0 avertissement(s).",
    ]


def test_an_escape_sequence_echoed_in_a_message_is_shown_escaped_never_sent_to_the_terminal(organisation_dir: Path) -> None:
    shutil.copy(organisation_dir / "circles" / "outils.yaml", organisation_dir / "circles" / "x\x1b[2J\x1b]0;pirate\x07.yaml")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert "\x1b" not in run.output and "\x07" not in run.output
    assert ("circles/x\\x1b[2J\\x1b]0;pirate\\x07.yaml: nom de fichier : identifiant invalide « x\\x1b[2J\\x1b]0;pirate\\x07 » : "
            "seulement minuscules sans accent, chiffres et tirets (renommez le fichier en « x-2j-0-pirate.yaml »)"
            ) in run.stderr.splitlines(), run.stderr


# --- Grist ------------------------------------------------------------------------------------------


def grist_orga(organisation: Path, fields: dict[str, object]) -> Path:
    """The fixture with grist.yaml, and the API JSON whose first record takes ``fields``."""
    shutil.copy(FIXTURES / "grist" / "grist.yaml", organisation / "grist.yaml")
    document = json.loads((FIXTURES / "grist" / "moments.json").read_text(encoding="utf-8"))
    document["records"][0]["fields"].update(fields)
    (organisation / "grist").mkdir()
    # ensure_ascii keeps Grist's own escapes (« \ud83d », « \u000b »), as its API sends them
    (organisation / "grist" / "moments.json").write_text(json.dumps(document), encoding="ascii")
    return organisation


def test_grist_line_breaks_from_word_are_imported_as_line_breaks(organisation_dir: Path) -> None:
    orga = grist_orga(organisation_dir, {"Description": "Venez avec votre vélo.\u000bOutils fournis."})
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert run.status == 0, run.output
    written = (orga / "content" / "agenda" / "atelier-reparation-de-velos.yaml").read_text(encoding="utf-8")
    assert "description: |-\n  Venez avec votre vélo.\n  Outils fournis.\n" in written


def test_a_lone_surrogate_from_grist_is_refused_with_its_row_and_column(organisation_dir: Path) -> None:
    orga = grist_orga(organisation_dir, {"Titre": "Atelier vélo \ud83d"})
    before = sorted(path.name for path in (orga / "content" / "agenda").iterdir())
    run = run_command(["cercles", "import-grist", "grist/moments.json"], cwd=orga)
    assert "Traceback" not in run.output, run.output
    assert run.status == 1
    assert ("grist/moments.json: ligne Grist 1, colonne Titre: caractère interdit dans un texte : moitié de caractère "
            "isolée (U+D83D), en position 14 (retapez le caractère d'origine, souvent un emoji coupé en deux, "
            "ou supprimez-le)") in run.stderr.splitlines(), run.stderr
    assert sorted(path.name for path in (orga / "content" / "agenda").iterdir()) == before


def test_circles_are_listed_in_french_alphabetical_order(organisation_dir: Path) -> None:
    circles = organisation_dir / "circles"
    (circles / "eveil.yaml").write_text(
        (circles / "outils.yaml").read_text(encoding="utf-8").replace("nom: Outils", "nom: Éveil").replace("O-02", "E-03"),
        encoding="utf-8")
    site = build(organisation_dir)
    chart = unescape((site / "cercles" / "index.html").read_text(encoding="utf-8"))
    article = chart[chart.index("<article"):]
    assert article.index("Éveil") < article.index("Outils"), "« Éveil » sorts with the E, not after the Z"
