"""When each source file last changed, and how many times: DTSTAMP, LAST-MODIFIED and SEQUENCE.

Feeds must be byte-identical for the same sources, so these never come from the wall clock:
they come from git history (one ``git log`` for the whole repository), else from
``SOURCE_DATE_EPOCH``, else from a fixed date. SEQUENCE is the number of commits that touched
the moment's file, so it rises with every change and Google applies the update.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

FALLBACK_EPOCH = 946_684_800
"""2000-01-01T00:00:00Z: used only outside git and without SOURCE_DATE_EPOCH (reproducible, if arbitrary)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """The last change of a source file and the number of changes so far."""

    modified: datetime
    sequence: int


class History:
    """Revisions of the files under a folder, read once per build."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._revisions = _git_revisions(root)
        self._default = Revision(default_time(), 0)

    def revision(self, shown_path: str) -> Revision:
        """The revision of a file given relative to the project root (as in messages)."""
        return self._revisions.get(shown_path, self._default)


def source_date_epoch() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, when set (reproducible-builds.org convention)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def default_time() -> datetime:
    """The date of a file git does not know: ``SOURCE_DATE_EPOCH``, else a fixed date."""
    return source_date_epoch() or datetime.fromtimestamp(FALLBACK_EPOCH, tz=timezone.utc)


def _git(root: Path, *arguments: str) -> str | None:
    """The output of a git command run in ``root``; ``None`` outside a repository or without git."""
    try:
        completed = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout if completed.returncode == 0 else None


def is_shallow(root: Path) -> bool:
    """Whether ``root`` is in a shallow clone: its history, hence every revision above, is cut short."""
    return (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def _git_revisions(root: Path) -> dict[str, Revision]:
    """Path → revision for every file git knows under ``root``; empty outside a repository."""
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return {}
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    revisions: dict[str, Revision] = {}
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    for block in log.split("\x00")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        epoch = int(lines[0])
        for name in lines[1:]:
            name = name.strip()
            if not name:
                continue
            relative = name[len(prefix):] if prefix and name.startswith(prefix) else name
            counts[relative] = counts.get(relative, 0) + 1
            latest.setdefault(relative, epoch)  # git log lists the newest commit first
    for name, count in counts.items():
        revisions[name] = Revision(datetime.fromtimestamp(latest[name], tz=timezone.utc), count)
    return revisions


def build_day(zone: ZoneInfo) -> date:
    """« Today » for the agenda page: ``SOURCE_DATE_EPOCH`` when set, else the build's date.

    The only place the wall clock is read: the agenda shows what is coming, so a build on
    another day legitimately shows other occurrences. Feeds never depend on it.
    """
    fixed = source_date_epoch()
    return (fixed or datetime.now(tz=timezone.utc)).astimezone(zone).date()
