"""« Ce qui reste à compléter »: a page of the preview (``mkdocs serve``) only, never of the published site."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from test_pages import visible_text


def preview(folder: Path, site: Path) -> None:
    """Build as ``mkdocs serve`` does: plugins are told the command at startup."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def test_the_preview_lists_every_gap_by_file_and_the_published_site_does_not(organisation_dir: Path) -> None:
    circle = organisation_dir / "circles" / "outils.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace('code_analytique: "O-02"\n', ""), encoding="utf-8")
    site = organisation_dir / "apercu"
    preview(organisation_dir, site)
    html = (site / "a-completer" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "circles/outils.yaml ligne 2 : code analytique à préciser (ajoutez « code_analytique: \"F-01\" » quand il est connu)" in text
    assert 'href="a-completer/"' in (site / "index.html").read_text(encoding="utf-8"), "in the preview's sidebar"
    assert "a-completer" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")

    published = organisation_dir / "publie"
    config = load_config(str(organisation_dir / "mkdocs.yml"), site_dir=str(published))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert not (published / "a-completer").exists()
    assert "a-completer" not in (published / "index.html").read_text(encoding="utf-8")
