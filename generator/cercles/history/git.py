"""The git history of the circle folder in three git processes, whatever the number of commits.

``git rev-parse`` says whether there is a (full) history at all; one ``git log --raw -M`` lists
every commit that touched the folder with the blob of each file before and after it (renames
detected); one ``git cat-file --batch`` reads every blob. Nothing here knows YAML or circles.
"""

from __future__ import annotations

import enum
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

GIT_TIMEOUT = 120
_HEADER = "\x1e"
_FIELD = "\x1f"
_NO_BLOB = "0" * 40


class Availability(enum.Enum):
    """Whether the build can see the whole history of its sources."""

    AVAILABLE = "disponible"
    NO_GIT = "hors-git"
    SHALLOW = "clone-superficiel"


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as the history shows it: when (committer date) and why (the subject, if any)."""

    sha: str
    date: datetime
    subject: str


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file touched by a commit: its status (A, M, D, R, T), paths and blobs (``None`` when absent)."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True, slots=True)
class CommitChanges:
    commit: Commit
    files: tuple[FileChange, ...]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git in ``root``; ``None`` when git is missing or fails (the history is then unavailable)."""
    try:
        completed = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, input=stdin,
                                   capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout if completed.returncode == 0 else None


def availability(root: Path) -> tuple[Availability, str]:
    """Whether ``root`` is in a full clone, and its path from the top of the repository (``""`` at the top)."""
    output = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if output is None:
        return Availability.NO_GIT, ""
    lines = output.decode("utf-8", "replace").splitlines()
    shallow = bool(lines) and lines[0].strip() == "true"
    prefix = lines[1].strip() if len(lines) > 1 else ""
    return (Availability.SHALLOW if shallow else Availability.AVAILABLE), prefix


def log(root: Path, folder: str) -> list[CommitChanges] | None:
    """Every commit that touched ``folder`` (relative to ``root``), newest first; ``None`` if git fails.

    Paths are returned relative to the top of the repository. Merge commits show no diff of
    their own (git's default), so each change is counted once, in the commit that made it.
    """
    output = _git(root, "log", "-z", "--raw", "-M", "--no-abbrev", "--no-color",
                  f"--format={_HEADER}%H{_FIELD}%cI{_FIELD}%s", "--", folder)
    if output is None:
        return None
    return parse_log(output.decode("utf-8", "replace"))


def parse_log(text: str) -> list[CommitChanges]:
    """The output of ``git log -z --raw`` with our format → commits and their file changes."""
    tokens = text.split("\0")
    commits: list[CommitChanges] = []
    index = 0
    current: Commit | None = None
    files: list[FileChange] = []
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_HEADER):
            if current is not None:
                commits.append(CommitChanges(current, tuple(files)))
            sha, date, subject = (token[1:].split(_FIELD, 2) + ["", ""])[:3]
            current, files = Commit(sha, datetime.fromisoformat(date), subject.strip()), []
        elif token.startswith(":") and current is not None:
            _, _, old_blob, new_blob, status = token[1:].split(" ", 4)
            letter = status[:1]
            paths = tokens[index:index + (2 if letter in "RC" else 1)]
            index += len(paths)
            old_path = paths[0] if letter != "A" else None
            new_path = paths[-1] if letter != "D" else None
            files.append(FileChange(letter, old_path, new_path, None if old_blob == _NO_BLOB else old_blob,
                                    None if new_blob == _NO_BLOB else new_blob))
    if current is not None:
        commits.append(CommitChanges(current, tuple(files)))
    return commits


def read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The content of every blob, in one ``git cat-file --batch``; missing ones are left out."""
    if not blobs:
        return {}
    ordered = sorted(blobs)
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in ordered).encode())
    if output is None:
        return {}
    contents: dict[str, bytes] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", "replace").split(" ")
        position = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        contents[header[0]] = output[position:position + size]
        position += size + 1
    return contents
