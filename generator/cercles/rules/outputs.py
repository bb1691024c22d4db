"""Rules on what a build generates, shared by the plugin, ``cercles check`` and ``cercles export``.

They need the list of generated paths, so they run once the organisation is valid; running
them in ``check`` too is what makes « check accepts it » mean « the build publishes it ».
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection

from cercles.feeds.provenance import is_shallow
from cercles.settings import Settings
from cercles.sources.problems import Problem, Severity, SourceLocation, relative_path

README = "README.md"
"""MkDocs publishes a folder's ``README.md`` as its index page when the folder has no ``index.md``."""


def generated_paths_are_free(generated: Collection[str], settings: Settings, problems: list[Problem]) -> None:
    """A hand-written page at a path Cercles generates would shadow the generated one (or the reverse)."""
    docs = settings.root / settings.docs_dir
    for path in sorted(generated):
        candidates = [path]
        if posixpath.basename(path) == "index.md":
            candidates.append(posixpath.join(posixpath.dirname(path), README))
        for candidate in candidates:
            written = docs / candidate
            if written.exists() or written.is_symlink():
                problems.append(Problem(SourceLocation(relative_path(written, settings.root)), "",
                                        f"ce fichier est généré par Cercles (page « {path} »)",
                                        f"retirez-le du dossier {relative_path(docs, settings.root)}/ ou déplacez-le ailleurs"))


def history_is_complete(generated: Collection[str], settings: Settings, problems: list[Problem]) -> None:
    """Feeds date each event from git: a shallow clone gives wrong DTSTAMP, LAST-MODIFIED and SEQUENCE."""
    if any(path.endswith(".ics") for path in generated) and is_shallow(settings.root):
        problems.append(Problem(SourceLocation("historique git"), "",
                                "clone superficiel : les dates et numéros de version (SEQUENCE) des événements "
                                "seraient faux, et les agendas abonnés ignoreraient les changements",
                                "récupérez tout l'historique avec « git fetch --unshallow », ou « fetch-depth: 0 » "
                                "(GitHub Actions) / « GIT_DEPTH: 0 » (GitLab CI)", Severity.WARNING))


OUTPUT_RULES: tuple[Callable[[Collection[str], Settings, list[Problem]], None], ...] = (
    generated_paths_are_free,
    history_is_complete,
)


def output_problems(generated: Collection[str], settings: Settings) -> list[Problem]:
    """Every problem of the generated outputs (errors and warnings), in reading order."""
    problems: list[Problem] = []
    for rule in OUTPUT_RULES:
        rule(generated, settings, problems)
    return sorted(problems, key=lambda problem: problem.sort_key)
