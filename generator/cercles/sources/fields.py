"""Typed reading of one YAML mapping, collecting every problem with its line and a hint.

Both the circle and the agenda readers read their files through ``FieldReader``, against the
tables of ``format.py``, so a wrong type, a missing field or a misspelt key is worded the same
way everywhere, with the limits and hints declared there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from cercles.sources.format import MAX_TEXT_LENGTH, Field, Form, Type
from cercles.sources.problems import Problem, Severity, SourceLocation
from cercles.sources.timeparse import TimeFormatError, parse_date, parse_datetime, parse_duration
from cercles.sources.yamlio import Marked
from cercles.text import did_you_mean, identifier_problem, suggest_identifier

T = TypeVar("T")


def check_file_identifier(tree: Marked, stem: str, problems: list[Problem]) -> None:
    """A file's name is the id of what it describes (and its URL): it must be a valid id."""
    problem = identifier_problem(stem)
    if problem:
        problems.append(Problem(SourceLocation(tree.location.path), "", f"nom de fichier : {problem}",
                                f"renommez le fichier en « {suggest_identifier(stem)}.yaml »"))


def keyed_entries(tree: Marked, problems: list[Problem], form: Form, each: str) -> Iterator[tuple[str, SourceLocation, FieldReader]]:
    """The entries of a file written « identifiant: » then its keys in retrait (people, places), each with its reader.

    ``each`` names an entry in the hints (« chaque personne »); malformed ids and entries are reported and skipped.
    """
    if not isinstance(tree.value, dict):
        problems.append(Problem(tree.location, "", f"attendu un dictionnaire mais reçu {tree.describe()}",
                                f"{each} s'écrit « identifiant: » puis « nom: … » en retrait"))
        return
    for entry_id, marked in tree.value.items():
        location = tree.key_locations[entry_id]
        problem = identifier_problem(entry_id)
        if problem:
            problems.append(Problem(location, entry_id, problem, f"écrivez « {suggest_identifier(entry_id)} »"))
            continue
        if not isinstance(marked.value, dict):
            problems.append(Problem(marked.location, entry_id, f"attendu un dictionnaire mais reçu {marked.describe()}",
                                    "ajoutez « nom: … » en retrait sous l'identifiant"))
            continue
        yield entry_id, location, FieldReader(marked, entry_id, problems, form)


class FieldReader:
    """Reads the keys of one mapping against its ``Form``; unknown keys are reported when ``finish`` is called.

    Limits, required-ness and the hint for a missing key come from the form's ``Field``; the
    keyword arguments only serve mappings that are not sources (the Grist import's settings) and
    cross-field rules (« rythme » is required when « debut » is not given).
    """

    def __init__(self, node: Marked, prefix: str, problems: list[Problem], allowed: Form | tuple[str, ...],
                 bare: str | None = None) -> None:
        self.node = node
        self.bare = bare
        """The key an item written as a bare text stands for: messages about it name the item itself."""
        self.prefix = prefix
        self.problems = problems
        self.form = allowed if isinstance(allowed, Form) else None
        self.allowed = allowed.keys if isinstance(allowed, Form) else allowed
        self.values: dict[str, Marked] = node.value if isinstance(node.value, dict) else {}
        self._read: set[str] = set()

    def path(self, key: str) -> str:
        """The field's name in messages: ``roles[2].nom``."""
        if key == self.bare:
            return self.prefix
        return f"{self.prefix}.{key}" if self.prefix else key

    def spec(self, key: str) -> Field | None:
        """The declaration of ``key`` in this mapping's form, if it has one."""
        return self.form.get(key) if self.form else None

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
        self._read.add(key)
        return self.values.get(key)

    def _required(self, key: str, required: bool | None) -> bool:
        if required is not None:
            return required
        spec = self.spec(key)
        return spec.required if spec else False

    def hint(self, key: str) -> str:
        """« ajoutez « clé: … » », with what the form says to write for ``key``."""
        spec = self.spec(key)
        return f"ajoutez « {key}: {spec.what if spec else '…'} »"

    def require(self, key: str, what: str | None = None) -> bool:
        """Report a missing required key; the hint tells the volunteer what to write (``what`` or the form's)."""
        if self.has(key):
            return True
        self.error(self.node.location, key, "champ obligatoire manquant",
                   f"ajoutez « {key}: {what} »" if what is not None else self.hint(key))
        return False

    def text(self, key: str, *, required: bool | None = None, max_length: int | None = None) -> str | None:
        """A text value; numbers, lists and dictionaries are refused with the kind received."""
        required = self._required(key, required)
        spec = self.spec(key)
        limit = max_length or (spec.limit if spec else None) or MAX_TEXT_LENGTH
        if required and not self.require(key):
            return None
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return None
        if not isinstance(marked.value, str):
            self.error(marked.location, key, f"attendu un texte mais reçu {marked.describe()}",
                       "mettez la valeur entre guillemets" if marked.raw is not None else "écrivez une seule phrase")
            return None
        value = marked.value.strip()
        if not value:
            if required:
                self.error(marked.location, key, "le texte est vide", f"écrivez « {key}: {spec.what if spec else '…'} »")
            return None
        if len(value) > limit:
            self.error(marked.location, key, f"texte trop long ({len(value)} caractères, maximum {limit})",
                       "raccourcissez-le ; les détails vont dans la description")
            return None
        return value

    def identifier(self, key: str) -> str | None:
        """An id (of a role, of an action); a malformed one is reported with the id to write instead.

        The suggested id is returned after the error, so that one mistake does not cascade into
        « unknown role » errors; the error alone stops the build.
        """
        value = self.text(key)
        if value is None:
            return None
        problem = identifier_problem(value)
        if problem:
            self.error(self.location_of(key), key, problem, f"écrivez « {suggest_identifier(value)} »")
            return suggest_identifier(value)
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of texts; a single text is refused so that indentation mistakes are caught."""
        return tuple(text for _, text in self._texts(key))

    def _texts(self, key: str) -> Iterator[tuple[Marked, str]]:
        spec = self.spec(key)
        limit = (spec.limit if spec else None) or MAX_TEXT_LENGTH
        for index, item in self.items(key):
            if isinstance(item.value, str) and item.value.strip():
                if len(item.value.strip()) > limit:
                    self.error(item.location, f"{key}[{index}]", f"texte trop long (maximum {limit} caractères)",
                               "raccourcissez-le")
                    continue
                yield item, item.value.strip()
            else:
                self.error(item.location, f"{key}[{index}]", f"attendu un texte mais reçu {item.describe()}",
                           "chaque élément de la liste est une phrase après un tiret")

    def items(self, key: str) -> list[tuple[int, Marked]]:
        """The elements of a list, numbered from 1 as volunteers count them."""
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return []
        if not isinstance(marked.value, list):
            self.error(marked.location, key, f"attendu une liste mais reçu {marked.describe()}",
                       "écrivez chaque élément sur sa ligne, après un tiret « - »")
            return []
        return list(enumerate(marked.value, start=1))

    def boolean(self, key: str) -> bool:
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return False
        if not isinstance(marked.value, bool):
            self.error(marked.location, key, f"attendu oui ou non (true/false) mais reçu {marked.describe()}",
                       f"écrivez « {key}: true » ou retirez la ligne")
            return False
        return marked.value

    def choice(self, key: str, *, required: bool | None = None) -> Any:
        """One value of the field's closed set, with the closest valid word as a hint."""
        spec = self.spec(key)
        choices = spec.values if spec else {}
        allowed = ", ".join(choices)
        if self._required(key, required) and not self.require(key):
            return None
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return None
        if isinstance(marked.value, str) and marked.value in choices:
            return choices[marked.value]
        shown = marked.value if isinstance(marked.value, str) else marked.describe()
        self.error(marked.location, key, f"valeur « {str(shown)[:60]} » inconnue", did_you_mean(str(shown), list(choices), allowed))
        return None

    def url(self, key: str) -> str | None:
        """A web address: ``http(s)://`` and a host, so no ``javascript:`` or typo reaches a link of the site."""
        value = self.text(key)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(char.isspace() for char in value):
            self.error(self.location_of(key), key, f"adresse web illisible « {value[:60]} »",
                       "écrivez l'adresse complète, commençant par https:// (copiez-la depuis le navigateur)")
            return None
        return value

    def coordinates(self, key: str) -> tuple[float, float] | None:
        """``[latitude, longitude]`` in degrees, each within its range."""
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return None
        values = marked.value if isinstance(marked.value, list) else []
        numbers = [item.value for item in values if isinstance(item, Marked) and isinstance(item.value, (int, float))
                   and not isinstance(item.value, bool)]
        if len(values) != 2 or len(numbers) != 2 or not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
            self.error(marked.location, key, f"coordonnées illisibles ({marked.describe()})",
                       f"écrivez « {key}: [latitude, longitude] » en degrés, par exemple « {key}: [45.7578, 4.8320] »")
            return None
        return float(numbers[0]), float(numbers[1])

    def date_value(self, key: str) -> date | None:
        return self._parsed(key, parse_date)

    def datetime_value(self, key: str) -> datetime | None:
        return self._parsed(key, parse_datetime)

    def duration_value(self, key: str) -> timedelta | None:
        return self._parsed(key, parse_duration)

    def _parsed(self, key: str, parse: Callable[[str], T]) -> T | None:
        """A date, date-time or duration read from the text as typed; the form expected if unreadable."""
        if self._required(key, None) and not self.require(key):
            return None
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return None
        try:
            return parse(text_as_typed(marked))
        except TimeFormatError as error:
            self.error(marked.location, key, error.message, error.hint)
            return None

    def mapping(self, key: str, allowed: tuple[str, ...] | None = None) -> FieldReader | None:
        """A nested mapping, read by its own ``FieldReader`` (against the field's form unless ``allowed`` is given)."""
        spec = self.spec(key)
        keys: Form | tuple[str, ...] = allowed if allowed is not None else (spec.form if spec and spec.form else ())
        marked = self.raw(key)
        if marked is None or marked.value is None:
            return None
        if not isinstance(marked.value, dict):
            shown = keys.keys if isinstance(keys, Form) else keys
            self.error(marked.location, key, f"attendu un dictionnaire (clé: valeur) mais reçu {marked.describe()}",
                       f"écrivez les clés {', '.join(shown)} en retrait sous « {key}: »")
            return None
        return FieldReader(marked, self.path(key), self.problems, keys)

    def entries(self, key: str) -> Iterator[tuple[Marked, FieldReader]]:
        """The mappings of a list (the roles of a circle…), each with its reader; other elements are reported.

        Where the field declares a shorthand, a bare text stands for that one key (« - alice » is read
        as « - personne: alice »), with its own position.
        """
        spec = self.spec(key)
        form = spec.form if spec and spec.form else Form(key, "", ())
        shorthand = spec.shorthand if spec else None
        for index, item in self.items(key):
            bare = shorthand if not isinstance(item.value, (dict, list)) and item.value is not None else None
            if bare is not None:
                item = Marked({bare: item}, item.location, key_locations={bare: item.location})
            if not isinstance(item.value, dict):
                self.error(item.location, f"{key}[{index}]", f"attendu un dictionnaire (clé: valeur) mais reçu {item.describe()}",
                           f"décrivez l'élément avec les clés {', '.join(form.keys[:3])}…")
                continue
            yield item, FieldReader(item, self.path(f"{key}[{index}]"), self.problems, form, bare)

    def read(self, key: str) -> object:
        """Read a key by its declared type alone: how a key no reader knows yet is still checked."""
        spec = self.spec(key)
        kind = spec.kind if spec else Type.TEXT
        if kind in (Type.TEXT, Type.NAME, Type.RHYTHM, Type.END):
            return self.text(key)
        if kind is Type.ID:
            return self.identifier(key)
        readers: dict[Type, Callable[[str], object]] = {
            Type.TEXT_LIST: self.text_list, Type.BOOLEAN: self.boolean,
            Type.CHOICE: self.choice, Type.DATE: self.date_value, Type.DATETIME: self.datetime_value,
            Type.DURATION: self.duration_value, Type.URL: self.url, Type.COORDINATES: self.coordinates}
        if kind in readers:
            return readers[kind](key)
        nested = [reader for _, reader in self.entries(key)] if kind is Type.LIST else [self.mapping(key)]
        for reader in nested:
            if reader is not None:
                for nested_key in reader.allowed:
                    if nested_key in reader.values:
                        reader.read(nested_key)
                reader.finish()
        return None

    def finish(self) -> None:
        """Check the declared keys no reader took by their type, then report every key that is not declared."""
        for key in self.allowed:
            if key in self.values and key not in self._read and self.form is not None:
                self.read(key)
        for key, location in self.node.key_locations.items():
            if key not in self.allowed:
                self.error(location, key, "clé inconnue", did_you_mean(key, list(self.allowed), ", ".join(self.allowed)))


def text_as_typed(marked: Marked) -> str:
    """The value as typed: YAML turns ``2027-01-25`` into a date and ``18:30`` into a number."""
    return marked.raw if marked.raw is not None else str(marked.value)
