"""The sidebar as a newcomer reads it: every circle by name, each type group opening its own page.

With ``navigation.indexes``, Material turns the first ``index.md`` of a section into the section's
page; circle pages are ``index.md`` files, so without a page of its own a type group would open its
first circle and never show that circle's name.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import REPO, run_command

GROUPS = {"bureau": "Bureau collégial", "projet": "Cercles projets", "support": "Cercles supports"}
FEATURES = "  features:\n    - navigation.indexes\n    - navigation.prune\n    - navigation.sections\n"


def sidebar_links(html: str) -> list[tuple[str, str]]:
    """(href, visible name) of every link of Material's primary navigation, page TOC excluded."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    end = html.find("md-nav--secondary", start)
    nav = html[start: end if end > 0 else len(html)]
    return [(href, " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()))
            for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)]


def circles_by_type(circles_dir: Path) -> dict[str, dict[str, str]]:
    """{type: {circle id: name}} read from the circle files (the first ``nom:`` and ``type:`` lines)."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(circles_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^nom: (.+)$", text, re.M)
        kind = re.search(r"^type: (\w+)$", text, re.M)
        assert name and kind, path
        found.setdefault(kind.group(1), {})[path.stem] = name.group(1).strip()
    return found


def assert_every_circle_is_named_in_its_type_group(site: Path, circles_dir: Path) -> None:
    for circle_type, circles in circles_by_type(circles_dir).items():
        page = site / "cercles" / "types" / circle_type / "index.html"
        links = sidebar_links(page.read_text(encoding="utf-8"))
        assert ("./", GROUPS[circle_type]) in links, "the group opens its own page"
        for circle_id, name in circles.items():
            assert (f"../../{circle_id}/", name) in links, f"{name} not named in the sidebar of {circle_type}"
        # From a circle's own page, the group's link still leads to the type page, not to a circle.
        first = next(iter(circles))
        circle_links = sidebar_links((site / "cercles" / first / "index.html").read_text(encoding="utf-8"))
        assert (f"../types/{circle_type}/", GROUPS[circle_type]) in circle_links


def test_every_default_circle_appears_by_name_in_the_sidebar(default_site: Path) -> None:
    site = default_site
    assert_every_circle_is_named_in_its_type_group(site, REPO / "circles")
    fabriquer = sidebar_links((site / "cercles" / "fabriquer" / "index.html").read_text(encoding="utf-8"))
    assert ("../types/projet/", "Cercles projets") in fabriquer
    assert ("./", "Fabriquer") in fabriquer, "« Fabriquer » is no longer hidden behind « Cercles projets »"


@pytest.fixture
def indexed_orga(organisation_dir: Path) -> Path:
    """The fixture (one circle per type) with the default site's navigation features."""
    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n" + FEATURES),
                      encoding="utf-8")
    return organisation_dir


def test_one_circle_per_type_each_group_has_its_page_and_names_its_circle(indexed_orga: Path) -> None:
    run = run_command(["mkdocs", "build", "--strict"], cwd=indexed_orga)
    assert run.status == 0, run.output
    site = indexed_orga / "site"
    assert_every_circle_is_named_in_its_type_group(site, indexed_orga / "circles")
    text = " ".join(re.sub(r"<[^>]+>", " ", (site / "cercles" / "types" / "projet" / "index.html")
                           .read_text(encoding="utf-8")).split())
    assert "Un cercle de type « projet »" in text and "Faire pousser des tomates avec le quartier." in text


def test_a_circle_may_not_take_the_id_of_the_type_pages(organisation_dir: Path) -> None:
    circles = organisation_dir / "circles"
    (circles / "outils.yaml").rename(circles / "types.yaml")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert ("circles/types.yaml:2:1: id: l'identifiant « types » est réservé aux pages des types de cercles "
            "(renommez le fichier, par exemple « circles/types-support.yaml »)") in run.stderr
