"""Dirty builds for the preview: after an edit, MkDocs re-renders only the pages whose input changed.

MkDocs' ``--dirty`` mode asks each page ``file.is_modified()`` and skips reading, rendering and
writing the pages that answer no; by itself it compares modification times, so generated pages
(held in memory) always count as modified, and a change of the navigation leaves every other
page showing the old menu. Here the answer comes from content hashes instead:

- each documentation page's input (the generated Markdown, or a hand-written page's bytes) is
  hashed and compared with the previous build's;
- a *site key* hashes what every page shows besides its own input: the navigation (titles and
  addresses), the set and order of pages, ``mkdocs.yml``, whether the sources have errors, and
  the files of the organisation's theme and of the packaged look. When it changes (the first
  build, a circle added, removed or renamed, any change of the nav) every page is rebuilt.

Pages that MkDocs skips are not read, so their title and metadata (which the navigation of the
rebuilt pages shows) are put back from the previous build. If a rebuilt page's title or metadata
changed, the menu of every page may change with it: the skipped pages are read after all and
the whole site is rebuilt. Outputs of pages that disappeared are deleted (a dirty build never
empties ``site_dir``), and the search index is merged page by page (see ``merge_search_index``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

DIRTY_WARNING = "A 'dirty' build is being performed"
"""The start of MkDocs' warning on every dirty build, untrue for a Cercles site: the plugin keeps the nav exact."""


MATERIAL_SEARCH = "material/search"
"""The name MkDocs gives Material's search plugin (``- search`` under the Material theme)."""


class MaterialSearchIndex(Protocol):
    entries: list[dict[str, Any]]


class MaterialSearch(Protocol):
    """The two attributes of Material's ``SearchPlugin`` that a dirty build sets (Material ships no types)."""

    search_index: MaterialSearchIndex
    search_index_prev: object


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


@dataclass(frozen=True)
class PageState:
    """What other pages (and the search index) need from a page that a dirty build does not read."""

    digest: bytes
    title: str | None
    meta: dict[str, Any]
    anchors: frozenset[str] | None


class DropDirtyWarning(logging.Filter):
    """Drops MkDocs' « dirty build » warning: with Cercles the navigation of a dirty build is exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per preview session, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, which compiles Material's templates
    again; this cache, kept by the session, hands back their bytecode. Jinja keys it by the
    template's source checksum, so an edited template (``theme/main.html``) is compiled anew.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class DirtyBuilds:
    """The state one preview session keeps from one build to the next (on the plugin, which serve keeps)."""

    site_key: bytes | None = None
    pages: dict[str, PageState] = field(default_factory=dict)
    """By source path: the last build's page states."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """By page address: the search index entries of each page, as the last build indexed it."""
    outputs: set[str] = field(default_factory=set)
    """Every file the last build wrote for its pages and files, relative to ``site_dir``."""
    rebuilt: list[str] = field(default_factory=list)
    """Source paths of the pages this build renders."""
    everything: bool = False
    """Whether this build renders every page (the site key or a page's title or metadata changed)."""
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    _digests: dict[str, bytes] = field(default_factory=dict)
    _order: list[tuple[str, str]] = field(default_factory=list)
    """This build's pages (source path, address) in the order MkDocs renders them."""

    def plan(self, files: Files, config: MkDocsConfig, *, errors: bool, theme_dirs: Iterable[Path]) -> None:
        """Mark each page modified or not, before MkDocs reads any; the site key decides first."""
        pages = _pages(files)
        key = site_key(config, pages, errors=errors, theme_dirs=theme_dirs)
        everything = self.everything = key != self.site_key
        self.site_key = key
        self._digests = {file.src_uri: hashlib.sha256(file.content_bytes).digest() for file in pages}
        self.rebuilt = []
        site = Path(config.site_dir)
        for file in pages:
            previous = self.pages.get(file.src_uri)
            unchanged = (not everything and previous is not None and previous.digest == self._digests[file.src_uri]
                         and (site / file.dest_uri).is_file())
            file.is_modified = _unmodified if unchanged else _modified  # type: ignore[method-assign]
            if not unchanged:
                self.rebuilt.append(file.src_uri)

    def restore(self, files: Files, config: MkDocsConfig) -> None:
        """After MkDocs read the modified pages: put back the others' titles, or read them all if a title changed.

        The skipped pages are then read by MkDocs' own ``_populate_page``, the function its build
        loop calls (private, but MkDocs 1.6.1 is the last 1.x release and Cercles pins ``<2``).
        """
        pages = [(file, file.page) for file in _pages(files) if file.page is not None]
        self._order = [(file.src_uri, page.url) for file, page in pages]
        rebuilt = set(self.rebuilt)
        changed = any(_differs(self.pages.get(file.src_uri), page) for file, page in pages if file.src_uri in rebuilt)
        for file, page in pages:
            if file.src_uri in rebuilt:
                continue
            if changed:
                file.is_modified = _modified  # type: ignore[method-assign]
                _populate_page(page, config, files)
            else:
                state = self.pages[file.src_uri]
                page.title = state.title
                page.meta = dict(state.meta)
                page.present_anchor_ids = None if state.anchors is None else set(state.anchors)
        if changed:
            self.rebuilt = [file.src_uri for file, _ in pages]
            self.everything = True
        self.pages = {file.src_uri: _state(self._digests[file.src_uri], page) for file, page in pages}

    def remove_stale(self, site_dir: Path, outputs: set[str]) -> None:
        """Delete what the last build wrote and this one did not (a page, a feed of a removed circle)."""
        for stale in sorted(self.outputs - outputs):
            target = site_dir / stale
            target.unlink(missing_ok=True)
            for folder in target.parents:
                if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.outputs = outputs

    def merge_search_index(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The whole site's search entries, in the order a full build gives them.

        ``entries`` are those of the pages rebuilt now (Material's search plugin indexes a page
        when it renders it); the other pages keep the entries of the build that last rendered them.
        An entry belongs to the page whose address is its location without the ``#`` anchor.
        """
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            fresh.setdefault(str(entry["location"]).partition("#")[0], []).append(entry)
        rebuilt = set(self.rebuilt)
        self.search = {url: fresh.get(url, []) if path in rebuilt else self.search.get(url, []) for path, url in self._order}
        return [entry for entries_of_page in self.search.values() for entry in entries_of_page]


def _pages(files: Files) -> Sequence[File]:
    """Every page, drafts included: ``mkdocs serve`` renders drafts too, in this order."""
    return files.documentation_pages(inclusion=InclusionLevel.is_in_serve)


def _state(digest: bytes, page: Page) -> PageState:
    anchors = None if page.present_anchor_ids is None else frozenset(page.present_anchor_ids)
    return PageState(digest, page.title, dict(page.meta), anchors)


def _differs(previous: PageState | None, page: Page) -> bool:
    """Whether other pages could show this page differently than last time (its menu entry)."""
    return previous is None or previous.title != page.title or previous.meta != page.meta


def site_key(config: MkDocsConfig, pages: Sequence[File], *, errors: bool, theme_dirs: Iterable[Path]) -> bytes:
    """A hash of what every page shows besides its own content; see the module's docstring."""
    digest = hashlib.sha256()
    digest.update(json.dumps([config.nav, [(file.src_uri, file.dest_uri, file.inclusion.name) for file in pages], errors],
                             ensure_ascii=False, default=str).encode("utf-8"))
    if config.config_file_path:
        digest.update(Path(config.config_file_path).read_bytes())
    for folder in theme_dirs:
        for path in sorted(path for path in folder.rglob("*") if path.is_file()):
            digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.digest()
