"""« Historique », the journal of governance, its Atom feed and the archives, built from a fixture git history."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from conftest import run_command
from tests.history_fixture import JARDIN_NEW_PURPOSE, JARDIN_OLD_PURPOSE, git, make_history_repo
from tests.test_pages import visible_text

ATOM = "{http://www.w3.org/2005/Atom}"


def build(project: Path, site: Path, *, strict: bool = True) -> Path:
    run = run_command(["mkdocs", "build", *(["--strict"] if strict else []), "--site-dir", str(site)], cwd=project)
    assert run.status == 0, run.output
    return site


def history_entries(html: str) -> list[str]:
    """The visible text of each entry of a page's history, in page order."""
    items = re.findall(r'<li class="cercles-historique__entree">(.*?)</ul>\s*(?:<p class="cercles-historique__motif">(.*?)</p>)?',
                       html, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", body + " " + reason)).split()) for body, reason in items]


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history_repo(tmp_path_factory.mktemp("history") / "orga")


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(repo, tmp_path_factory.mktemp("history-site") / "site")


def test_a_circle_with_three_commits_shows_three_dated_entries_newest_first(site: Path) -> None:
    entries = history_entries(page(site, "cercles/jardin"))
    assert len(entries) == 3
    assert entries[0].startswith("mercredi 20 mars 2024")
    assert "Bob devient titulaire du rôle « Jardinier·e en chef »." in entries[0]
    assert "Motif : Bob rejoint la coordination du jardin" in entries[0]
    assert entries[1].startswith("jeudi 15 février 2024")
    assert (f"Raison d'être du cercle modifiée. Avant : « {JARDIN_OLD_PURPOSE} » Après : « {JARDIN_NEW_PURPOSE} »"
            in entries[1])
    assert entries[2].startswith("mercredi 10 janvier 2024 Création du cercle.")
    assert "Motif : Premiers cercles" in entries[2]
    assert '<time datetime="2024-03-20T09:00:00+01:00">' in page(site, "cercles/jardin")


def test_role_and_action_pages_show_only_their_own_changes(site: Path) -> None:
    role = history_entries(page(site, "roles/jardin/coordination"))
    assert role == ["mercredi 20 mars 2024 Bob devient titulaire du rôle « Jardinier·e en chef ». "
                    "Motif : Bob rejoint la coordination du jardin"]
    assert "Aucun changement enregistré pour l'instant." in visible_text(page(site, "cercles/jardin/compost"))


def test_a_renamed_circle_keeps_its_history(site: Path) -> None:
    entries = history_entries(page(site, "cercles/cantine"))
    assert len(entries) == 2
    assert "Fichier renommé : l'identifiant « cuisine » devient « cantine »." in entries[0]
    assert "Le cercle « Cuisine » s'appelle désormais « Cantine »." in entries[0]
    assert entries[1].startswith("mercredi 10 janvier 2024 Création du cercle.")
    assert "Cuisiner les récoltes du jardin ensemble." in entries[1]


def test_an_unreadable_version_neither_breaks_the_build_nor_invents_changes(site: Path) -> None:
    entries = history_entries(page(site, "cercles/outils"))
    assert len(entries) == 3
    # 3 April: the role came back readable; nothing about it changed, the domain was added. No message, no motive.
    assert entries[0] == "mercredi 3 avril 2024 Domaine ajouté : « Atelier de réparation »."
    # 2 April: the role could not be read, so it is not reported removed; the purpose change is.
    assert entries[1].startswith("mardi 2 avril 2024 Raison d'être du cercle modifiée.")
    assert "rôle" not in entries[1]


def test_a_removed_circle_is_listed_in_the_archives(site: Path) -> None:
    text = visible_text(page(site, "gouvernance/archives"))
    assert ("Ateliers Créé le mercredi 10 janvier 2024, archivé le samedi 1er juin 2024. "
            "Dernière raison d'être : « Organiser des ateliers de réparation pour tous les cercles. » "
            "Motif de l'archivage : Fermer les ateliers : l'activité rejoint Outils") in text
    assert not (site / "cercles" / "ateliers").exists()


def test_the_journal_lists_every_change_newest_first_with_its_circle(site: Path) -> None:
    html = page(site, "gouvernance/journal")
    entries = history_entries(html)
    assert entries[0] == ("samedi 1er juin 2024 · Ateliers Cercle archivé : son fichier a été retiré des sources. "
                          "Motif : Fermer les ateliers : l'activité rejoint Outils")
    assert entries[1].startswith("lundi 6 mai 2024 · Cantine Fichier renommé")
    # The first commit created five circles: one entry each, under the name each had then.
    created = [entry for entry in entries if entry.startswith("mercredi 10 janvier 2024 · ")]
    assert [entry.split(" · ")[1].split(" Création du cercle.")[0] for entry in created] == [
        "Ateliers", "Le Bureau", "Cuisine", "Jardin", "Outils"]
    assert len(entries) == 11
    assert '<a href="../archives/#ateliers">Ateliers</a>' in html
    assert '<a href="../../cercles/jardin/#historique">Jardin</a>' in html
    assert '<a href="../journal.xml">Suivre le journal (flux Atom)</a>' in html


def test_the_atom_feed_lists_the_journal(site: Path) -> None:
    feed = ET.parse(site / "gouvernance" / "journal.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://petite-orga.fr/gouvernance/journal/"
    assert feed.findtext(f"{ATOM}title") == "Journal de la gouvernance — Petite orga"
    assert feed.findtext(f"{ATOM}updated") == "2024-06-01T08:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 11
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 11 and all(id_.startswith("urn:uuid:") for id_ in ids)
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Ateliers : Cercle archivé : son fichier a été retiré des sources"
    assert "Motif : Fermer les ateliers" in first.findtext(f"{ATOM}content")
    assert first.findtext(f"{ATOM}updated") == "2024-06-01T08:00:00Z"
    assert first.find(f"{ATOM}link").get("href") == "https://petite-orga.fr/gouvernance/archives/#ateliers"
    jardin = next(entry for entry in entries if entry.findtext(f"{ATOM}updated") == "2024-02-15T17:30:00Z")
    assert jardin.find(f"{ATOM}link").get("href") == "https://petite-orga.fr/cercles/jardin/#historique"
    assert f"Avant : «\u00a0{JARDIN_OLD_PURPOSE}\u00a0»" in jardin.findtext(f"{ATOM}content")
    assert [entry.findtext(f"{ATOM}updated") for entry in entries] == sorted(
        (entry.findtext(f"{ATOM}updated") for entry in entries), reverse=True)


def test_the_same_commits_give_the_same_bytes(repo: Path, site: Path, tmp_path: Path) -> None:
    again = build(repo, tmp_path / "again")
    for path in ("cercles/jardin/index.html", "gouvernance/journal/index.html", "gouvernance/archives/index.html",
                 "gouvernance/journal.xml", "roles/jardin/coordination/index.html"):
        assert (again / path).read_bytes() == (site / path).read_bytes(), path


def test_a_shallow_clone_says_the_history_is_unavailable(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    site = build(clone, tmp_path / "site", strict=False)  # a shallow clone is a warning, refused by --strict
    for path in ("cercles/jardin", "gouvernance/journal", "gouvernance/archives"):
        text = visible_text(page(site, path))
        assert "L'historique n'est pas disponible : ce site a été construit depuis une copie partielle du dépôt git" in text
        assert "2024" not in text
    feed = ET.parse(site / "gouvernance" / "journal.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []
    assert "copie partielle" in (feed.findtext(f"{ATOM}subtitle") or "")


def test_outside_git_the_pages_say_so(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    site = build(copy, tmp_path / "site")
    text = visible_text(page(site, "cercles/jardin"))
    assert "L'historique n'est pas disponible : ce site a été construit hors d'un dépôt git" in text
    assert "Création du cercle" not in text
