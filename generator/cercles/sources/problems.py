"""Problems found in the sources, reported the way a volunteer can act on them.

Every message names the file, the line where there is one, the field and a hint:
``circles/nourrir.yaml:12:7: roles[2].nom: expected text, received a list (write one sentence)``.
All problems are collected before anything is reported, so one run shows every mistake.
``Problem`` is the one shape of a user's mistake, whatever its source (sources, ``mkdocs.yml``,
command-line arguments, a tool's refusal), and ``report`` the one printer of every command.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cercles.text import printable


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a value was read: a path relative to the project, and 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Severity(enum.Enum):
    """Errors stop the build; warnings only do with ``--strict``."""

    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or missing) in the sources."""

    location: SourceLocation
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.field}: {self.message}" if self.field else f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.severity is Severity.WARNING:
            text = f"{text} [{self.severity.value}]"
        return printable(text)  # a value echoed in the message must not drive the terminal

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems as an editor reads them: file, then line, then column."""
        return (self.location.path, self.location.line or 0, self.location.column or 0, self.field)


class SourceError(Exception):
    """Raised on a user's mistake (sources, config, a tool's refusal); carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.sort_key)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem], *, strict: bool = False, counted: bool = True) -> str:
    """One problem a line, followed by a count that says why the run failed, if it did.

    A command that refuses one thing (a name taken, a folder not allowed) leaves the count out.
    """
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    warnings = len(problems) - errors
    lines = [str(problem) for problem in problems]
    if counted and strict and warnings:
        refused = f"{warnings} avertissement(s) (« à préciser » ou à arbitrer) refusé(s) par --strict."
        lines.append(f"{errors} erreur(s), et {refused}" if errors else refused)
    elif counted:
        lines.append(f"{errors} erreur(s), {warnings} avertissement(s).")
    return "\n".join(lines)


def report(problems: list[Problem], *, strict: bool = False, counted: bool = True, stream: TextIO | None = None) -> None:
    """The one printer of problems for every command: to stderr unless told otherwise."""
    print(format_problems(problems, strict=strict, counted=counted), file=stream or sys.stderr)


def relative_path(path: Path, root: Path) -> str:
    """Show paths as the volunteer sees them in the repository, not as absolute paths."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
