"""The default organisation (La Raffinerie) builds strictly and publishes a page per circle."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, run_command


def test_default_site_builds_strictly_with_every_circle_page(default_site: Path) -> None:
    site = default_site  # built by `mkdocs build --strict`, which must succeed (the fixture asserts it)
    circle_files = sorted((REPO / "circles").glob("*.yaml"))
    assert len(circle_files) >= 7
    for circle_file in circle_files:
        page = site / "cercles" / circle_file.stem / "index.html"
        assert page.is_file(), f"no page for {circle_file.name}"
    nourrir = (site / "cercles" / "nourrir" / "index.html").read_text(encoding="utf-8")
    assert "alimentation saine, locale et accessible" in nourrir
    home = (site / "index.html").read_text(encoding="utf-8")
    circles_index = (site / "cercles" / "index.html").read_text(encoding="utf-8")
    assert 'href="cercles/"' in home and 'href="nourrir/"' in circles_index, "home → circles → Nourrir: two clicks"
    assert 'href="assets/stylesheets/cercles.css"' in home and 'href="assets/stylesheets/raffinerie.css"' in home
    assert "#1d5c63" in (site / "assets" / "stylesheets" / "raffinerie.css").read_text(encoding="utf-8")
    moments = (site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8")
    assert "déposée à l&#39;avance dans Grist" in moments and "Le cercle Fonctionner ensemble en propose la forme." in moments
    assert "Les ateliers, permanences et réunions ouvertes de La Raffinerie, du " in \
        (site / "agenda" / "index.html").read_text(encoding="utf-8")


def test_default_site_loads_no_third_party_resource(default_site: Path) -> None:
    for page in default_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        assert 'src="http' not in html and "<link rel=\"stylesheet\" href=\"http" not in html, page


def test_cercles_check_passes_on_the_default_organisation() -> None:
    run = run_command(["cercles", "check"], cwd=REPO)
    assert run.status == 0, run.output
    assert run.stdout.splitlines()[-1].startswith("OK : 7 cercles, 3 actions")


def test_no_page_of_the_default_site_shows_an_empty_list(default_site: Path) -> None:
    """Lists written as HTML appear only with items: a place known by its name alone shows no empty details list."""
    empty = re.compile(r"<(ul|ol)[^>]*>\s*</\1>")
    contents = {page: page.read_text(encoding="utf-8").partition("<article")[2].partition("</article>")[0]
                for page in default_site.rglob("*.html")}  # the page's own content, not Material's search widget
    assert [str(page.relative_to(default_site)) for page, content in contents.items() if empty.search(content)] == []
    event = (default_site / "agenda" / "atelier-cuisine-exemple" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../venir/#lieu-cuisine">Cuisine de La Raffinerie</a>' in event
