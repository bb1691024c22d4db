"""Generated pages' HTML blocks are set aside while Python-Markdown reads the rest (``site/html_blocks.py``).

The shortcut is only worth having if visitors cannot tell: for every page the packaged templates
write, of La Raffinerie, of the small fixture organisation and of a synthetic one, MkDocs' own page
rendering must give the same HTML, byte for byte, the same anchors, title and table of contents,
with the blocks set aside as with the whole page read by Python-Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from material.plugins.search.plugin import SearchIndex

from benchmarks.synthesize import write_organisation
from cercles.outputs import generated_pages
from cercles.pages.render import templates_replaced
from cercles.site.config import load_site_config
from cercles.site.generated_page import GeneratedPage, Headings
from cercles.site.html_blocks import SetAside, set_aside, unsearched
from cercles.sources.load import load_organisation
from tests.conftest import REPO, copy_organisation


def _headings(items: list[AnchorLink]) -> list[tuple[int, str, str, list[Any]]]:
    return [(item.level, item.id, item.title, _headings(item.children)) for item in items]


def _rendered(page: Page, markdown: str, config: MkDocsConfig, files: Files) -> tuple[str, set[str], str | None, list[Any]]:
    page.markdown = markdown
    page.render(config, files)
    assert page.content is not None and page.present_anchor_ids is not None
    return page.content, set(page.present_anchor_ids), page.title, _headings(page.toc.items)


_TOC_VARIANTS = """\
  - toc:
      permalink: "#"
      toc_depth: 2
      separator: "_"
"""


def _organisations(tmp_path: Path) -> dict[str, Path]:
    varied = copy_organisation(tmp_path / "variante") / "mkdocs.yml"
    varied.write_text(varied.read_text(encoding="utf-8").replace("  - tables\n", "  - tables\n" + _TOC_VARIANTS), encoding="utf-8")
    return {"La Raffinerie": REPO / "mkdocs.yml",
            "petite-orga": copy_organisation(tmp_path / "petite") / "mkdocs.yml",
            "petite-orga, toc à sa façon": varied,
            "synthétique": write_organisation(tmp_path / "synthetique", 6)}


@pytest.mark.parametrize("name", ["La Raffinerie", "petite-orga", "petite-orga, toc à sa façon", "synthétique"])
def test_setting_html_blocks_aside_changes_no_page(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    site = load_site_config(_organisations(tmp_path)[name])
    config, settings = site.mkdocs, site.settings
    assert not templates_replaced(settings.theme_dir)
    pages = generated_pages(load_organisation(settings).organisation, settings)
    files = Files([])
    for path, text in pages.items():
        file = File(path, None, config.site_dir, config.use_directory_urls)  # as ``File.generated`` makes it, outside a plugin event
        file.content_string = text
        files.append(file)
    markdown_renders = []
    monkeypatch.setattr(Page, "render", _counted(Page.render, markdown_renders))
    headings = Headings(config)
    set_aside_blocks = unsearched_blocks = 0
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)  # the front matter goes, as in a build
        assert page.markdown is not None
        markdown = page.markdown
        aside = set_aside(markdown)
        set_aside_blocks += len(aside.blocks)
        whole = _rendered(page, markdown, config, files)
        content, anchors, title, toc = _rendered(page, aside.skeleton, config, files)
        assert (_whole_page(aside, content), anchors | aside.anchor_ids(), title, toc) == whole, file.src_uri
        generated = GeneratedPage(file, config, headings)
        generated.read_source(config)
        content, anchors, title, toc = _rendered(generated, aside.skeleton, config, files)
        assert (_whole_page(aside, content), anchors | aside.anchor_ids(), title, toc) == whole, file.src_uri
        # Material's search reads the page before its unsearched blocks are back: it must index the same entries.
        generated.content = aside.put_back(content)[0]
        unsearched_blocks += generated.content.count("cercles-hors-recherche")
        page.content = whole[0]
        assert _search_entries(generated) == _search_entries(page), file.src_uri
    assert set_aside_blocks > len(pages)  # the shortcut did set blocks aside, several per page
    assert unsearched_blocks > 0, "agenda lists and subscription boxes wait for the written page"
    from_headings = 3 * len(pages) - len(markdown_renders)  # each page rendered three times, two through MkDocs
    roles = [path for path in pages if path.startswith("roles/") and path != "roles/index.md"]
    assert from_headings >= len(roles), "every role page is rendered from its headings"


def _whole_page(aside: SetAside, converted: str) -> str:
    html, unsearched = aside.put_back(converted)
    return unsearched.put_back(html)


def _search_entries(page: Page) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(page)
    return index.entries


def _counted(render: Any, calls: list[object]) -> Any:
    def counting(page: Page, config: MkDocsConfig, files: Files) -> None:
        calls.append(page)
        render(page, config, files)
    return counting


def test_only_chunks_that_open_with_a_block_element_and_ask_for_no_markdown_are_set_aside() -> None:
    markdown = ("# Titre\n\n<ul>\n<li>un</li>\n</ul>\n\n<span>en ligne</span>\n\n"
                '<div markdown="block">\n**gras**\n</div>\n\n<p id="ici">fin</p>\n')
    aside = set_aside(markdown)
    assert aside.blocks == ("<ul>\n<li>un</li>\n</ul>", '<p id="ici">fin</p>')
    assert aside.skeleton == ("# Titre\n\n<!--cercles-html-0-->\n\n<span>en ligne</span>\n\n"
                              '<div markdown="block">\n**gras**\n</div>\n\n<!--cercles-html-1-->\n')
    assert aside.put_back("<h1>Titre</h1>\n<!--cercles-html-0-->\n<!--cercles-html-1-->")[0] == (
        '<h1>Titre</h1>\n<ul>\n<li>un</li>\n</ul>\n<p id="ici">fin</p>')
    assert aside.anchor_ids() == {"ici"}


def test_an_organisation_s_own_page_template_turns_the_shortcut_off(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    assert not templates_replaced(theme)
    (theme / "templates" / "role.md.j2").write_text("# {{ role.name|md }}\n\n*Markdown* partout.\n", encoding="utf-8")
    assert templates_replaced(theme)


def test_only_a_whole_element_that_search_leaves_out_waits_for_the_written_page() -> None:
    box = '<div class="cercles-abonnement" data-search-exclude="">\n<div>QR</div>\n</div>'
    assert unsearched(box)
    assert not unsearched(box + '\n<p>Texte à chercher</p>'), "something searchable follows the element"
    assert not unsearched('<div class="x">\n<p data-search-exclude="">dedans</p>\n</div>'), "only the first element counts"
    assert not unsearched('<ul class="cercles-agenda">\n<li>un</li>\n</ul>')
    aside = set_aside("# Titre\n\n" + box + "\n\n<p>fin</p>\n")
    searched, later = aside.put_back("<h1>Titre</h1>\n<!--cercles-html-0-->\n\n<!--cercles-html-1-->")
    assert "QR" not in searched and "<p>fin</p>" in searched
    assert later.blocks == {0: box}, "only the unsearched block is kept until the page is written"
    assert later.put_back(searched) == "<h1>Titre</h1>\n" + box + "\n\n<p>fin</p>"
