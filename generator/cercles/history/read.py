"""Git commits of the circle folder → the governance history: one pass, oldest commit first.

Each circle file is followed as a *lineage* across renames (git's rename detection), so a
renamed circle keeps its past; a lineage whose file is removed becomes an archived circle.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from cercles.history import git
from cercles.history.changes import Change, ChangeKind, CircleState, created, differences, read_state
from cercles.history.record import ArchivedCircle, Entry, GovernanceHistory
from cercles.settings import Settings
from cercles.sources.circles import Calendar
from cercles.sources.load import SOURCE_SUFFIXES


_PARSED: dict[tuple[str, str, tuple[ZoneInfo, tuple[tuple[str, str], ...]]], CircleState | None] = {}
"""Every version of a circle file read so far in this process, by blob, path and calendar settings.

A blob is its content, so an entry never goes stale: under ``mkdocs serve`` each rebuild parses
only the versions committed since the last one (parsing every version is most of the cost).
"""


@dataclass
class _Lineage:
    """One circle across the versions and names of its file."""

    path: str
    created: git.Commit
    state: CircleState | None = None
    entries: list[tuple[git.Commit, str, tuple[Change, ...]]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return _stem(self.path)

    def record(self, commit: git.Commit, changes: list[Change]) -> None:
        if changes:
            self.entries.append((commit, self.state.name if self.state else self.id, tuple(changes)))


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]


def read_history(settings: Settings) -> GovernanceHistory:
    """The history of ``settings.circles_dir``, or why it cannot be told (outside git, shallow clone)."""
    availability, prefix = git.availability(settings.root)
    if availability is not git.Availability.AVAILABLE:
        return GovernanceHistory(availability)
    commits = git.log(settings.root, settings.circles_dir)
    if commits is None:  # a repository without any commit yet: nothing has been recorded
        return GovernanceHistory(git.Availability.AVAILABLE)
    folder = posixpath.normpath(posixpath.join(prefix, settings.circles_dir))

    def circle_path(path: str | None) -> str | None:
        """``path`` if it is a circle file (directly in the circles folder), else ``None``."""
        if path is not None and posixpath.dirname(path) == folder and posixpath.splitext(path)[1] in SOURCE_SUFFIXES:
            return path
        return None

    states = _parsed(settings, {(blob, path) for item in commits for change in item.files
                                for blob, path in ((change.old_blob, circle_path(change.old_path)),
                                                   (change.new_blob, circle_path(change.new_path))) if blob and path})

    def state(blob: str | None, path: str) -> CircleState | None:
        return states.get((blob, path)) if blob else None

    live: dict[str, _Lineage] = {}
    archived: list[tuple[_Lineage, git.Commit]] = []
    for item in reversed(commits):
        for change in item.files:
            old_path, new_path = circle_path(change.old_path), circle_path(change.new_path)
            lineage = live.pop(old_path, None) if old_path else None
            if new_path is None:
                if lineage is not None:
                    lineage.record(item.commit, [Change(kind=ChangeKind.CIRCLE_ARCHIVED)])
                    archived.append((lineage, item.commit))
            elif lineage is None or old_path is None:
                lineage = live[new_path] = _Lineage(new_path, item.commit, state(change.new_blob, new_path))
                lineage.record(item.commit, created(lineage.state))
            else:
                live[new_path] = lineage
                lineage.record(item.commit, _modified(lineage, state(change.old_blob, old_path), new_path,
                                                      state(change.new_blob, new_path)))
    return _assemble(commits, list(live.values()), archived)


def _parsed(settings: Settings, versions: set[tuple[str, str]]) -> dict[tuple[str, str], CircleState | None]:
    """Each (blob, path) read: from this process's memory, else from one ``git cat-file --batch``."""
    settings_key = (settings.timezone, tuple(sorted(settings.cadences.items())))
    missing = {(blob, path) for blob, path in versions if (blob, path, settings_key) not in _PARSED}
    if missing:
        contents = git.read_blobs(settings.root, {blob for blob, _ in missing})
        calendar = Calendar(timezone=settings.timezone, cadences=settings.cadences)
        for blob, path in missing:
            if blob in contents:
                _PARSED[(blob, path, settings_key)] = read_state(contents[blob], path, _stem(path), calendar)
    return {(blob, path): _PARSED.get((blob, path, settings_key)) for blob, path in versions}


def _modified(lineage: _Lineage, old: CircleState | None, new_path: str, new: CircleState | None) -> list[Change]:
    """The changes of one commit to a lineage's file; moves the lineage to its new path and state."""
    changes = []
    if _stem(new_path) != lineage.id:
        changes.append(Change(kind=ChangeKind.CIRCLE_RENAMED, old=lineage.id, new=_stem(new_path)))
    before = old.completed_by(lineage.state) if old else lineage.state
    after = new.completed_by(before) if new else before
    if before is not None and after is not None:
        changes.extend(differences(before, after))
    lineage.path, lineage.state = new_path, after
    return changes


def _assemble(commits: list[git.CommitChanges], live: list[_Lineage],
              archived: list[tuple[_Lineage, git.Commit]]) -> GovernanceHistory:
    """Entries newest first (in ``git log`` order); archived circles newest first, anchors numbered oldest first."""
    order = {item.commit.sha: index for index, item in enumerate(commits)}
    entries = [Entry(commit, lineage.id, name, changes) for lineage in live for commit, name, changes in lineage.entries]
    archives: list[ArchivedCircle] = []
    anchors: set[str] = set()
    for lineage, removal in archived:
        anchor, number = lineage.id, 2
        while anchor in anchors:
            anchor, number = f"{lineage.id}-{number}", number + 1
        anchors.add(anchor)
        name = lineage.state.name if lineage.state else lineage.id
        archives.append(ArchivedCircle(lineage.id, anchor, name, lineage.state.purpose if lineage.state else None,
                                       lineage.created, removal))
        entries.extend(Entry(commit, lineage.id, name_then, changes, archive=anchor) for commit, name_then, changes in lineage.entries)
    entries.sort(key=lambda entry: (order[entry.commit.sha], entry.circle_id))
    return GovernanceHistory(git.Availability.AVAILABLE, tuple(entries), tuple(reversed(archives)))
