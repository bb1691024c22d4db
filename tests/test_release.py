"""Generated pages and feeds let go of their content once MkDocs is done with it, and read the same.

The plugin empties a generated page's Markdown once it is rendered and its HTML once it is in its
template (``cercles.site.release``), to lower the build's peak memory; a page's title, which every
other page's navigation shows, must not change, and a hand-written page keeps its content.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import FIXTURES
from cercles.site.release import GeneratedFile, release_html, release_markdown


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    loaded = load_config(str(FIXTURES / "petite-orga" / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    loaded.plugins._current_plugin = "cercles"  # as while the plugin's on_files runs: File.generated reads it
    return loaded


def _rendered(config: MkDocsConfig, file: File) -> Page:
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page


@pytest.mark.parametrize(("markdown", "title"), [
    ('---\ntitle: "Cercle 1"\n---\n# Le cercle\n\nTexte.\n', "Cercle 1"),  # from the front matter
    ("# Le cercle\n\nTexte.\n", "Le cercle"),  # from the first heading
    ("Texte sans titre.\n", "Role 2"),  # from the file name
])
def test_a_generated_page_keeps_its_title_once_released(config: MkDocsConfig, markdown: str, title: str) -> None:
    file = GeneratedFile.generated(config, "roles/cercle-1/role-2.md", content=markdown)
    page = _rendered(config, file)
    assert page.title == title and "Texte" in (page.content or "")
    release_markdown(page)
    assert page.markdown == "" and file.content_string == "" and page.title == title
    release_html(page)
    assert page.content == "" and page.title == title


def test_a_hand_written_page_keeps_its_content(config: MkDocsConfig, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a-propos.md").write_text("# À propos\n\nNous.\n", encoding="utf-8")
    page = _rendered(config, File("a-propos.md", str(tmp_path / "docs"), config.site_dir, True))
    release_markdown(page)
    release_html(page)
    assert page.markdown == "# À propos\n\nNous.\n" and page.content and "Nous." in page.content


def test_a_generated_feed_is_written_whole_then_let_go(config: MkDocsConfig) -> None:
    feed = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    file = GeneratedFile.generated(config, "agenda/jardin.ics", content=feed)
    file.copy_file()
    assert (Path(config.site_dir) / "agenda" / "jardin.ics").read_bytes() == feed
    assert file.content_bytes == b""
