"""Typed reading of one YAML mapping, collecting every problem with its line and a hint.

Both the circle and the agenda schemas read their files through ``FieldReader``, so a wrong
type, a missing field or a misspelt key is worded the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cercles.sources.problems import Problem, Severity, SourceLocation
from cercles.sources.yamlio import Marked
from cercles.text import did_you_mean, identifier_problem, suggest_identifier

MAX_NAME_LENGTH = 120
MAX_TEXT_LENGTH = 4000
def check_file_identifier(tree: Marked, stem: str, problems: list[Problem]) -> None:
    """A file's name is the id of what it describes (and its URL): it must be a valid id."""
    problem = identifier_problem(stem)
    if problem:
        problems.append(Problem(SourceLocation(tree.location.path), "", f"nom de fichier : {problem}",
                                f"renommez le fichier en « {suggest_identifier(stem)}.yaml »"))


class FieldReader:
    """Reads the keys of one mapping; unknown keys are reported when ``finish`` is called."""

    def __init__(self, node: Marked, prefix: str, problems: list[Problem], allowed: tuple[str, ...]) -> None:
        self.node = node
        self.prefix = prefix
        self.problems = problems
        self.allowed = allowed
        self.values: dict[str, Marked] = node.value if isinstance(node.value, dict) else {}

    def path(self, key: str) -> str:
        """The field's name in messages: ``roles[2].nom``."""
        return f"{self.prefix}.{key}" if self.prefix else key

    def error(self, location: SourceLocation, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, self.path(key) if key else self.prefix, message, hint))

    def warn(self, key: str, message: str, hint: str = "") -> None:
        """A gap to fill later (« à préciser »): only ``--strict`` turns it into an error."""
        self.problems.append(Problem(self.node.location, self.path(key), message, hint, Severity.WARNING))

    def location_of(self, key: str) -> SourceLocation:
        """Where the value of ``key`` is, or where the mapping starts if the key is missing."""
        if key in self.values:
            return self.values[key].location
        return self.node.location

    def has(self, key: str) -> bool:
        return key in self.values and self.values[key].value is not None

    def raw(self, key: str) -> Marked | None:
        return self.values.get(key)

    def require(self, key: str, what: str) -> bool:
        """Report a missing required key; ``what`` tells the volunteer what to write."""
        if self.has(key):
            return True
        self.error(self.node.location, key, "champ obligatoire manquant", f"ajoutez « {key}: {what} »")
        return False

    def text(self, key: str, *, required: bool = False, max_length: int = MAX_TEXT_LENGTH, what: str = "…") -> str | None:
        """A text value; numbers, lists and dictionaries are refused with the kind received."""
        if required and not self.require(key, what):
            return None
        marked = self.values.get(key)
        if marked is None or marked.value is None:
            return None
        if not isinstance(marked.value, str):
            self.error(marked.location, key, f"attendu un texte mais reçu {marked.describe()}",
                       "mettez la valeur entre guillemets" if marked.raw is not None else "écrivez une seule phrase")
            return None
        value = marked.value.strip()
        if not value:
            if required:
                self.error(marked.location, key, "le texte est vide", f"écrivez « {key}: {what} »")
            return None
        if len(value) > max_length:
            self.error(marked.location, key, f"texte trop long ({len(value)} caractères, maximum {max_length})",
                       "raccourcissez-le ; les détails vont dans la description")
            return None
        return value

    def name(self, key: str, *, what: str = "…") -> str | None:
        """A short required title (a name, a heading): at most ``MAX_NAME_LENGTH`` characters."""
        return self.text(key, required=True, max_length=MAX_NAME_LENGTH, what=what)

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of texts; a single text is refused so that indentation mistakes are caught."""
        return tuple(text for _, text in self._texts(key))

    def _texts(self, key: str) -> Iterator[tuple[Marked, str]]:
        for index, item in self.items(key):
            if isinstance(item.value, str) and item.value.strip():
                if len(item.value) > MAX_TEXT_LENGTH:
                    self.error(item.location, f"{key}[{index}]", "texte trop long", "raccourcissez-le")
                    continue
                yield item, item.value.strip()
            else:
                self.error(item.location, f"{key}[{index}]", f"attendu un texte mais reçu {item.describe()}",
                           "chaque élément de la liste est une phrase après un tiret")

    def identifier_list(self, key: str) -> tuple[tuple[str, SourceLocation], ...]:
        """A list of ids (references to other entries), each with its location for later checks."""
        found = []
        for item, text in self._texts(key):
            problem = identifier_problem(text)
            if problem:
                self.error(item.location, key, problem, f"écrivez « {suggest_identifier(text)} »")
            else:
                found.append((text, item.location))
        return tuple(found)

    def items(self, key: str) -> list[tuple[int, Marked]]:
        """The elements of a list, numbered from 1 as volunteers count them."""
        marked = self.values.get(key)
        if marked is None or marked.value is None:
            return []
        if not isinstance(marked.value, list):
            self.error(marked.location, key, f"attendu une liste mais reçu {marked.describe()}",
                       "écrivez chaque élément sur sa ligne, après un tiret « - »")
            return []
        return list(enumerate(marked.value, start=1))

    def boolean(self, key: str) -> bool:
        marked = self.values.get(key)
        if marked is None or marked.value is None:
            return False
        if not isinstance(marked.value, bool):
            self.error(marked.location, key, f"attendu oui ou non (true/false) mais reçu {marked.describe()}",
                       f"écrivez « {key}: true » ou retirez la ligne")
            return False
        return marked.value

    def choice(self, key: str, choices: dict[str, Any], *, required: bool = True) -> Any:
        """One value of a closed set, with the closest valid word as a hint."""
        allowed = ", ".join(choices)
        if required and not self.require(key, f"l'un de : {allowed}"):
            return None
        marked = self.values.get(key)
        if marked is None or marked.value is None:
            return None
        if isinstance(marked.value, str) and marked.value in choices:
            return choices[marked.value]
        shown = marked.value if isinstance(marked.value, str) else marked.describe()
        self.error(marked.location, key, f"valeur « {str(shown)[:60]} » inconnue", did_you_mean(str(shown), list(choices), allowed))
        return None

    def mapping(self, key: str, allowed: tuple[str, ...]) -> FieldReader | None:
        """A nested mapping, read by its own ``FieldReader``."""
        marked = self.values.get(key)
        if marked is None or marked.value is None:
            return None
        if not isinstance(marked.value, dict):
            self.error(marked.location, key, f"attendu un dictionnaire (clé: valeur) mais reçu {marked.describe()}",
                       f"écrivez les clés {', '.join(allowed)} en retrait sous « {key}: »")
            return None
        return FieldReader(marked, self.path(key), self.problems, allowed)

    def entry(self, key: str, index: int, item: Marked, allowed: tuple[str, ...]) -> FieldReader | None:
        """A mapping that is an element of a list, e.g. one role in ``roles``."""
        if not isinstance(item.value, dict):
            self.error(item.location, f"{key}[{index}]", f"attendu un dictionnaire (clé: valeur) mais reçu {item.describe()}",
                       f"décrivez l'élément avec les clés {', '.join(allowed[:3])}…")
            return None
        return FieldReader(item, self.path(f"{key}[{index}]"), self.problems, allowed)

    def finish(self) -> None:
        """Report every key that is not part of the schema, with the closest known key."""
        for key, location in self.node.key_locations.items():
            if key not in self.allowed:
                self.error(location, key, "clé inconnue", did_you_mean(key, list(self.allowed), ", ".join(self.allowed)))

