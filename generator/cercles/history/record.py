"""The governance history of an organisation, as pages and feeds query it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from cercles import paths
from cercles.history.changes import Change
from cercles.history.git import Availability, Commit
from cercles.model import Action, Role

HISTORY_ANCHOR = "historique"
"""The anchor of the « Historique » heading that MkDocs' toc gives every circle, role and action page."""
JOURNAL_LIMIT = 50
"""Entries shown on the journal page and in its feed: the recent past, not the whole archive."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What one commit changed in one circle file.

    ``circle_id`` is the circle's id today (or when it was archived), whatever the file was
    called at the time; ``archive`` is the anchor of the circle on the archives page when its
    file has since been removed.
    """

    commit: Commit
    circle_id: str
    circle_name: str
    changes: tuple[Change, ...]
    archive: str | None = None

    def only(self, keep: Callable[[Change], bool]) -> Entry | None:
        """This entry reduced to the changes ``keep`` accepts, or ``None`` if none is left."""
        changes = tuple(change for change in self.changes if keep(change))
        return replace(self, changes=changes) if changes else None

    def target(self, circle_ids: Collection[str]) -> tuple[str, str]:
        """The page and anchor that tell this entry in full: the circle's history, its place in the archives, else the journal."""
        if self.archive is not None:
            return paths.ARCHIVES_PAGE, self.archive
        if self.circle_id in circle_ids:
            return paths.circle_page(self.circle_id), HISTORY_ANCHOR
        return paths.JOURNAL_PAGE, ""


@dataclass(frozen=True, slots=True)
class ArchivedCircle:
    """A circle whose file was removed: what it was for, and when it lived."""

    id: str
    anchor: str
    name: str
    purpose: str | None
    created: Commit
    archived: Commit


class GovernanceHistory:
    """Every entry, newest first, indexed by circle; empty when the history cannot be seen."""

    def __init__(self, availability: Availability, entries: tuple[Entry, ...] = (),
                 archives: tuple[ArchivedCircle, ...] = ()) -> None:
        self.availability = availability
        self.entries = entries
        self.archives = archives
        self._by_circle: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.archive is None:
                self._by_circle.setdefault(entry.circle_id, []).append(entry)

    @property
    def available(self) -> bool:
        return self.availability is Availability.AVAILABLE

    def circle(self, circle_id: str) -> list[Entry]:
        """Every change of a circle's file: the circle, its roles and its actions."""
        return self._by_circle.get(circle_id, [])

    def action(self, action: Action) -> list[Entry]:
        """Changes of one action and of its roles."""
        return self._filtered(action.parent_id, lambda change: change.subject.action_id == action.id)

    def role(self, role: Role, circle_id: str) -> list[Entry]:
        """Changes of one role (of the circle ``circle_id``, or of one of its actions)."""
        owner = None if role.owner_id == circle_id else role.owner_id
        return self._filtered(circle_id, lambda change: change.subject.role_id == role.id
                              and change.subject.action_id == owner)

    def journal(self, limit: int = JOURNAL_LIMIT) -> tuple[Entry, ...]:
        """The latest changes across the organisation."""
        return self.entries[:limit]

    def _filtered(self, circle_id: str, keep: Callable[[Change], bool]) -> list[Entry]:
        return [kept for entry in self.circle(circle_id) if (kept := entry.only(keep)) is not None]
