"""Searching without accents: the site's index carries an accent-free spelling of accented words."""

from __future__ import annotations

import json
import re

from conftest import run_command
from cercles.site.search_folding import FIELD, accent_free_words, add_accent_free_field, fold, fold_search_index


def test_fold_drops_accents_and_french_ligatures() -> None:
    assert fold("Interpôles, cœur, Ætna, déjà") == "Interpoles, coeur, AEtna, deja"


def test_only_words_that_change_are_kept_once_each_in_order() -> None:
    separator = re.compile(r"[\s\-]+")
    text = "Les Interpôles du lundi ; les Interpôles et la fête-surprise"
    assert accent_free_words(text, separator) == "Interpoles fete"


def test_index_declares_the_field_and_keeps_what_results_display() -> None:
    index = {"config": {"separator": r"[\s\-]+", "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
             "docs": [{"location": "agenda/", "title": "Agenda", "text": "Les Interpôles"},
                      {"location": "", "title": "Accueil", "text": "Bienvenue"}]}
    folded = add_accent_free_field(index)
    assert folded["config"]["fields"][FIELD] == {"boost": 1.0}
    assert folded["docs"][0] == {"location": "agenda/", "title": "Agenda", "text": "Les Interpôles",
                                 FIELD: "Interpoles"}
    assert FIELD not in folded["docs"][1]


def test_built_site_index_has_the_accent_free_spelling_of_its_pages(organisation_dir) -> None:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    index = json.loads((organisation_dir / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert FIELD in index["config"]["fields"]
    agenda = next(doc for doc in index["docs"] if "prêt d'outils" in doc["text"])
    assert "pret" in agenda[FIELD].split()
    assert "graines" not in agenda[FIELD].split()  # words without accents are not repeated


def test_the_rewritten_index_is_compact_json_with_its_accents(tmp_path) -> None:
    """The index is rewritten a document at a time (a large site's is tens of megabytes), as ``json.dumps`` would."""
    index = {"config": {"lang": ["fr"], "separator": r"[\s\-]+", "fields": {"text": {"boost": 1.0}}},
             "docs": [{"location": "agenda/", "title": "Agenda", "text": "Les Interpôles « du lundi »"},
                      {"location": "", "title": "Accueil", "text": 'Bienvenue "chez nous"'}]}
    (tmp_path / "search").mkdir()
    written = tmp_path / "search" / "search_index.json"
    written.write_text(json.dumps(index), encoding="utf-8")  # as Material writes it: accents escaped
    fold_search_index(tmp_path)
    expected = json.dumps(add_accent_free_field(index), ensure_ascii=False, separators=(",", ":"))
    assert written.read_text(encoding="utf-8") == expected
    assert '"text":"Les Interpôles « du lundi »","sans_accents":"Interpoles"}' in expected
