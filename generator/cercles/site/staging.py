"""Staged builds: MkDocs writes into a sibling folder, which replaces ``site/`` only on success.

MkDocs empties ``site_dir`` before it renders anything, so without staging any failure after
that point (a plugin crash, a full disk, a warning under ``--strict``, which MkDocs turns into
an error only after ``on_post_build``) leaves an empty or half-written site behind. Here the
build goes to ``.<site>.staging`` next to ``site/``; on success the old site is moved aside,
the staging folder renamed into place (one ``rename`` each, same file system) and the old
site removed. On failure the staging folder is removed and ``site/`` is left byte for byte.

Hidden entries at the top of the old site (``site/.git`` of a deployment checkout) are carried
over, as MkDocs' own cleaning keeps them.
"""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler

STAGING_SUFFIX = ".staging"
PREVIOUS_SUFFIX = ".previous"


class StagedSite:
    """The staging and set-aside folders of one ``site_dir``, and the swap between them."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.site_dir = config.site_dir
        self.site = Path(config.site_dir).resolve()  # a symlinked site/ is replaced where it points
        self.staging = self.site.with_name(f".{self.site.name}{STAGING_SUFFIX}")
        self.previous = self.site.with_name(f".{self.site.name}{PREVIOUS_SUFFIX}")

    @classmethod
    def start(cls, config: MkDocsConfig) -> StagedSite:
        """Point MkDocs at an empty staging folder, after tidying what a killed build left."""
        staged = cls(config)
        if staged.previous.exists():
            if staged.site.exists():
                _remove(staged.previous)
            else:  # killed between the two renames of a swap: the set-aside site is the only one
                staged.previous.rename(staged.site)
        _remove(staged.staging)
        staged.staging.mkdir(parents=True)
        config.site_dir = str(staged.staging)
        return staged

    def finish(self, *, succeeded: bool) -> None:
        """Publish the staging folder, or drop it; MkDocs' ``site_dir`` is the real one again."""
        self.config.site_dir = self.site_dir  # ``mkdocs gh-deploy`` pushes it after the build
        try:
            if succeeded:
                self.publish()
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the staging folder, if still there (a failed build never touched ``site/``)."""
        _remove(self.staging)

    def publish(self) -> None:
        """Replace ``site/`` by the staging folder."""
        if not self.site.exists():
            self.staging.rename(self.site)
            return
        try:
            self.site.rename(self.previous)
        except OSError as error:
            if error.errno not in (errno.EBUSY, errno.EXDEV):
                raise
            self._publish_in_place()  # site/ is a mount point
            return
        try:
            self.staging.rename(self.site)
        except OSError:
            self.previous.rename(self.site)
            raise
        for entry in self.previous.iterdir():
            if entry.name.startswith(".") and not (self.site / entry.name).exists():
                entry.rename(self.site / entry.name)
        _remove(self.previous)

    def _publish_in_place(self) -> None:
        """Fallback when ``site/`` itself cannot be renamed: empty it as MkDocs would, then move in."""
        for entry in self.site.iterdir():
            if not entry.name.startswith("."):
                _remove(entry)
        for entry in self.staging.iterdir():
            shutil.move(str(entry), str(self.site / entry.name))
        _remove(self.staging)


def strict_warnings(logger: logging.Logger) -> int:
    """Warnings the engine has counted so far in ``--strict`` mode (it aborts after ``on_post_build``).

    The engine attaches its counter to its own logger (``mkdocs``, or ``properdocs`` which
    ``mkdocs`` propagates to) only in strict mode: it is found the way a record from ``logger``
    travels, so a non-strict build always reads zero here.
    """
    counted = 0
    current: logging.Logger | None = logger
    while current is not None:
        counted += sum(count for handler in current.handlers if isinstance(handler, CountHandler)
                       for _, count in handler.get_counts())
        current = current.parent if current.propagate else None
    return counted


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)

