"""The three visibility levels as the public and the members see them.

``public``: everywhere. ``interne``: its kind, rhythm and circle on the moments page, nothing else
public (no title, date, place or description in pages, feeds or the search index), and in the
members' feed. ``confidentiel``: nowhere, not even its rhythm, and not in the members' feed.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from conftest import run_command
from test_pages import visible_text

CONFIDENTIAL = """titre: Comité des clés Quetzalcoatl
type: reunion-publique
cercle: jardin
visibilite: confidentiel
rythme: troisième vendredi du mois
debut: 2027-01-15 21:15
duree: 1h
lieu: Crypte Ornithorynque
description: Ordre du jour Wapiti.
"""
CONFIDENTIAL_TRACES = ["Quetzalcoatl", "Ornithorynque", "Wapiti", "troisième vendredi", "21 h 15", "comite-des-cles"]
INTERNAL_TRACES = ["Conciliabule des coffres-forts", "Zéphyrine", "Xylophage", "reunion-secrete", "4 janvier 2027",
                   "2027-01-04"]


@pytest.fixture
def site(organisation_dir: Path) -> Path:
    (organisation_dir / "content" / "agenda" / "comite-des-cles.yaml").write_text(CONFIDENTIAL, encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env={"SOURCE_DATE_EPOCH": "1798761600"})
    assert run.status == 0, run.output
    return organisation_dir / "site"


def published_files(site: Path) -> list[Path]:
    return [path for path in site.rglob("*") if path.is_file() and path.suffix in {".html", ".ics", ".json", ".xml", ".js"}]


def test_an_internal_rhythm_is_told_but_nothing_else_of_the_moment(site: Path) -> None:
    moments = visible_text((site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    budget = moments[moments.index("Les points budgétaires"):]
    assert budget.startswith("Les points budgétaires Les référent·es budget")
    assert "Chaque mois à 20 h, avec le cercle Outils (réservé aux membres)." in budget
    for path in published_files(site):
        text = path.read_text(encoding="utf-8", errors="replace")
        for trace in INTERNAL_TRACES:
            assert trace not in text, f"{trace!r} of an internal moment in {path.relative_to(site)}"
    assert (site / "search" / "search_index.json").is_file()


def test_a_confidential_moment_appears_nowhere_in_the_site(site: Path) -> None:
    for path in published_files(site):
        text = path.read_text(encoding="utf-8", errors="replace")
        for trace in CONFIDENTIAL_TRACES:
            assert trace not in text, f"{trace!r} of a confidential moment in {path.relative_to(site)}"
    moments = visible_text((site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    public_meetings = moments[moments.index("Les réunions publiques"):moments.index("Les moments communs")]
    assert "Aucun rendez-vous de ce type n'est prévu pour l'instant." in public_meetings


def test_the_members_feed_has_internal_moments_but_never_confidential_ones(organisation_dir: Path, tmp_path: Path) -> None:
    (organisation_dir / "content" / "agenda" / "comite-des-cles.yaml").write_text(CONFIDENTIAL, encoding="utf-8")
    run = run_command(["cercles", "members-feed", "--out", str(tmp_path)], cwd=organisation_dir)
    assert run.status == 0, run.output
    assert "les moments confidentiels n'y figurent jamais" in run.stdout
    feed = icalendar.Calendar.from_ical((tmp_path / "agenda-membres.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
    assert "Conciliabule des coffres-forts" in summaries
    assert "Comité des clés Quetzalcoatl" not in summaries


def test_a_confidential_meeting_rhythm_stays_off_its_circle_page(organisation_dir: Path) -> None:
    jardin = organisation_dir / "circles" / "jardin.yaml"
    text = jardin.read_text(encoding="utf-8")
    assert "reunions:" in text
    jardin.write_text(text.replace("reunions:\n", "reunions:\n  visibilite: confidentiel\n  debut: 2027-01-28 18:00\n", 1),
                      encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    page = visible_text((organisation_dir / "site" / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8"))
    moments = visible_text((organisation_dir / "site" / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    assert "dernier jeudi du mois" not in page and "dernier jeudi du mois" not in moments
