"""Generated pages' HTML blocks, set aside while Python-Markdown reads the rest of the page.

Cercles' own page templates write everything but headings and a few sentences as final HTML:
lists, cards, tables, the agenda, the subscription box (``pages/templates/_macros.md.j2``). Python-
Markdown would pass each such block through unchanged, but only after parsing all of it twice
with Python's ``HTMLParser`` (MkDocs' anchor collector, then ``md_in_html``): most of a build's
time went there. So, for a generated page, each top-level chunk that begins with a block-level
tag is replaced by a placeholder comment before Markdown runs, and put back into the HTML it
returns, which is then what Markdown would have written; headings, the table of contents, the
title and Markdown links still go through Python-Markdown with the site's own extensions.

The test is on the text's shape: a chunk (lines between blank lines) whose first line starts with
a block-level element and which asks for no Markdown inside (``markdown=``). That is exact for the
packaged templates, which ``tests/test_html_blocks.py`` checks page by page against Python-
Markdown's own output; an organisation's own templates may write anything, so the plugin only
sets blocks aside when the organisation replaces none of them (``pages.render.templates_replaced``).

The blocks Material's search leaves out (``data-search-exclude``: the agenda's lists, the
subscription boxes) stay out a little longer: the search plugin reads each page's HTML before the
theme writes it, so they come back in the written page only, and its index stays the same.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

_BLOCK_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
_PLACEHOLDER = "<!--cercles-html-{}-->"
_PLACEHOLDERS = re.compile(r"<!--cercles-html-(\d+)-->")
_LATER = "<!--cercles-hors-recherche-{}-->"
_LATERS = re.compile(r"<!--cercles-hors-recherche-(\d+)-->")
_UNSEARCHED_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\s[^>\n]*\bdata-search-exclude[\s=>]")
_IDS = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Unsearched:
    """The blocks of a page that search leaves out, by placeholder number, until the theme has written the page."""

    blocks: dict[int, str]

    def put_back(self, page_html: str) -> str:
        """The page as the theme wrote it, with these blocks back in place."""
        return _LATERS.sub(lambda match: self.blocks[int(match.group(1))], page_html) if self.blocks else page_html


@dataclass(frozen=True)
class SetAside:
    """A page's Markdown with its HTML blocks replaced by placeholders, and those blocks in order."""

    skeleton: str
    blocks: tuple[str, ...]

    def put_back(self, converted: str) -> tuple[str, Unsearched]:
        """The HTML Python-Markdown made of the skeleton, with each block where its placeholder is, except the
        blocks search leaves out: they keep a placeholder, and are returned apart, only them (a build keeps
        them for every page at once, from Markdown to the written page)."""
        later: dict[int, str] = {}

        def block(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if unsearched(self.blocks[number]):
                later[number] = self.blocks[number]
                return _LATER.format(number)
            return self.blocks[number]
        return _PLACEHOLDERS.sub(block, converted), Unsearched(later)

    def anchor_ids(self) -> set[str]:
        """The ``id`` attributes of the blocks: MkDocs reads them from raw HTML to check links to anchors."""
        return {identifier for block in self.blocks for identifier in anchor_ids_in(block)}


def anchor_ids_in(text: str) -> set[str]:
    """The values of the ``id`` attributes written in ``text`` (HTML), as MkDocs reads them to check anchors."""
    return {html.unescape(double or single) for double, single in _IDS.findall(text)} if " id=" in text else set()


def unsearched(block: str) -> bool:
    """Whether ``block`` is one element that Material's search leaves out (``data-search-exclude``).

    Material's search plugin reads a page's HTML, tag by tag, before the theme writes it; such an
    element only costs it time (a subscription box, an agenda list): it is put back afterwards.
    """
    start = _UNSEARCHED_START.match(block)
    if start is None:
        return False
    depth = 0
    for tag in re.finditer(rf"<(/?){start.group(1)}[\s>]", block):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end() == len(block)  # the element closes where the block ends: nothing searchable follows
    return False


def is_placeholder(line: str) -> bool:
    """Whether ``line`` is only the placeholder of a block set aside."""
    return _PLACEHOLDERS.fullmatch(line) is not None


def set_aside(markdown: str) -> SetAside:
    """Replace every chunk of ``markdown`` that is a raw HTML block by a placeholder comment."""
    chunks = _BLANK_LINE.split(markdown)
    separators = _BLANK_LINE.findall(markdown)
    blocks: list[str] = []
    parts: list[str] = []
    for index, chunk in enumerate(chunks):
        if _is_html_block(chunk):
            trailing = chunk[len(chunk.rstrip()):]  # the document's last newline stays Markdown's
            parts.append(_PLACEHOLDER.format(len(blocks)) + trailing)
            blocks.append(chunk.rstrip())
        else:
            parts.append(chunk)
        if index < len(separators):
            parts.append(separators[index])
    return SetAside("".join(parts), tuple(blocks))


def _is_html_block(chunk: str) -> bool:
    match = _BLOCK_START.match(chunk)
    return match is not None and match.group(1).lower() in _BLOCK_TAGS and "markdown=" not in chunk
