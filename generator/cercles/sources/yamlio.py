"""Read a YAML source safely into a tree that remembers the line of every value.

PyYAML's loaders lose positions and silently keep the last of two duplicate keys; volunteers
need both fixed: every error must point at a line, and a duplicated key is a mistake to report.
Aliases are refused outright (they are never needed in our sources and make "billion laughs"
expansion possible), and only the plain YAML tags are accepted, so no object can be built.
Every text goes through the text module's hygiene policy here, so every reader (and the Grist
import, which reads its rows back through this module) refuses or normalises the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cercles.sources.problems import Problem, SourceError, SourceLocation
from cercles.text import first_flaw, first_unreadable, normalise

MAX_FILE_BYTES = 1_000_000
"""Far above any real circle or agenda file; refusing bigger ones keeps a mistake cheap."""
MAX_DEPTH = 40
"""Nesting levels a source may use (a circle file needs five); deeper input is refused, not recursed into."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True, slots=True)
class Marked:
    """A YAML value with its position.

    ``value`` is a ``dict[str, Marked]`` for a mapping, a ``list[Marked]`` for a sequence, or
    the scalar as YAML 1.1 reads it; ``raw`` keeps the scalar's text as written, because YAML 1.1
    turns ``18:30`` into the number 1110 and a time must be read from what the volunteer typed.
    """

    value: Any
    location: SourceLocation
    raw: str | None = None
    key_locations: dict[str, SourceLocation] = field(default_factory=dict)

    def describe(self) -> str:
        """Name the kind of value in the words of the error messages."""
        return describe_value(self.value)


def describe_value(value: Any) -> str:
    """French name of a Python value's kind, for "attendu … mais reçu …" messages."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, dict):
        return "un dictionnaire (clé: valeur)"
    if isinstance(value, list):
        return "une liste"
    return "une date"


class _AliasRefused(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Mark(Protocol):
    """A position in the YAML text, as both PyYAML's pure-Python and libyaml parsers report it."""

    line: int
    column: int


class _NodeLoader(yaml.SafeLoader):
    """Composes nodes only; refuses aliases before they can be expanded."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)  # type: ignore[no-untyped-call]  # inherited from PyYAML
        return super().compose_node(parent, index)


def load_file(path: Path, shown_path: str) -> Marked:
    """Read one source file into a ``Marked`` tree, or raise ``SourceError`` naming the problem."""
    data = path.read_bytes()
    where = SourceLocation(shown_path)
    if len(data) > MAX_FILE_BYTES:
        raise SourceError([Problem(where, "", f"fichier trop gros ({thousands(len(data))} octets, maximum {thousands(MAX_FILE_BYTES)})",
                                   "un fichier de cercle ou de moment tient en quelques kilo-octets : vérifiez qu'il s'agit du bon fichier")])
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceError([Problem(SourceLocation(shown_path, 1, 1), "", "le fichier commence par une marque d'ordre des octets (BOM)",
                                   "enregistrez-le en « UTF-8 » sans BOM")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError([Problem(SourceLocation(shown_path, line, column), "", "le fichier n'est pas encodé en UTF-8",
                                   "enregistrez-le en « UTF-8 » depuis votre éditeur")]) from None
    return load_text(text, shown_path)


def load_text(text: str, shown_path: str) -> Marked:
    """Parse YAML text; every syntax problem becomes a ``SourceError`` with its line."""
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        raise SourceError([Problem(SourceLocation(shown_path), "", "le fichier est vide", "remplissez-le ou supprimez-le")])
    unreadable = first_unreadable(text)
    if unreadable is not None:  # YAML would refuse it in English, or count a line that editors do not show
        raise SourceError([Problem(_position(shown_path, text, unreadable.index), "", unreadable.message, unreadable.hint)])
    _check_depth(text, shown_path)
    node = _compose_with_libyaml(text)
    if node is None:
        node = _compose_explaining_errors(text, shown_path)
    problems: list[Problem] = []
    tree = _convert(node, shown_path, problems, "")
    if problems:
        raise SourceError(problems)
    return tree


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _check_depth(text: str, shown_path: str) -> None:
    """Refuse lists and dictionaries nested deeper than ``MAX_DEPTH`` before composing.

    Composers recurse once per level (Python's stops at about 330 levels, libyaml's C stack at
    some tens of thousands); the event parser does not, so the depth is measured on its events.
    Syntax errors are left to the composer, which explains them.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SourceError([Problem(_location(shown_path, event.start_mark), "",
                                               f"listes ou dictionnaires imbriqués sur plus de {MAX_DEPTH} niveaux",
                                               "une source tient en quelques niveaux : vérifiez les crochets et l'indentation")])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return


def _compose_with_libyaml(text: str) -> Node | None:
    """libyaml's C composer, about ten times faster, for the common case; ``None`` otherwise.

    Only used when the text holds no ``&`` or ``*``, so no alias can hide in it (the pure-Python
    composer refuses aliases as it meets them, before anything is expanded). On any error the
    caller falls back to the pure-Python composer, whose messages we translate.
    """
    if _FAST_LOADER is None or "&" in text or "*" in text:
        return None
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None


def _compose_explaining_errors(text: str, shown_path: str) -> Node:
    """The pure-Python composer: refuses aliases and turns every error into a ``SourceError``."""
    try:
        loader = _NodeLoader(text)
    except yaml.reader.ReaderError as error:
        raise SourceError([_control_character(shown_path, text, error.position)]) from None
    try:
        node = loader.get_single_node()
    except _AliasRefused as refused:
        raise SourceError([Problem(_location(shown_path, refused.mark), "", "les alias YAML (*nom) ne sont pas acceptés",
                                   "recopiez la valeur au lieu d'y faire référence")]) from None
    except yaml.reader.ReaderError as error:
        raise SourceError([_control_character(shown_path, text, error.position)]) from None
    except yaml.MarkedYAMLError as error:
        raise SourceError([_syntax_problem(shown_path, error, text)]) from None
    except yaml.YAMLError as error:
        raise SourceError([Problem(SourceLocation(shown_path), "", f"YAML illisible : {error}", "vérifiez la syntaxe")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError([Problem(SourceLocation(shown_path), "", "le fichier est vide", "remplissez-le ou supprimez-le")])
    return node


def thousands(number: int) -> str:
    """« 10 485 760 »: French digit grouping (a narrow space would be more correct, but less portable)."""
    return f"{number:,}".replace(",", " ")


def _location(shown_path: str, mark: _Mark | None) -> SourceLocation:
    if mark is None:
        return SourceLocation(shown_path)
    return SourceLocation(shown_path, mark.line + 1, mark.column + 1)


_SYNTAX_MESSAGES = (
    ("could not find expected ':'", "deux-points manquants après la clé", "écrivez « clé: valeur », avec un espace après les deux-points"),
    ("mapping values are not allowed here", "deux-points inattendus dans une valeur",
     "mettez la valeur entre guillemets si elle contient « : », ou vérifiez l'indentation"),
    ("did not find expected key", "indentation incohérente", "alignez les clés d'un même bloc sur la même colonne"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste", "alignez les tirets d'une même liste"),
    ("expected ',' or ']'", "crochet « [ » non fermé", "fermez la liste avec « ] »"),
    ("expected ',' or '}'", "accolade « { » non fermée", "fermez le dictionnaire avec « } »"),
    ("found unexpected end of stream", "guillemet non fermé", "fermez les guillemets ouverts"),
    ("expected a comment or a line break", "texte inattendu après une valeur", "mettez toute la valeur entre guillemets"),
    ("found character that cannot start any token", "caractère inattendu en début de valeur",
     "mettez la valeur entre guillemets (« @ », « ` » et « % » ne peuvent pas commencer une valeur)"),
)


def _syntax_problem(shown_path: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """PyYAML's English error → a French one, at the line where the volunteer made the mistake.

    For a missing colon PyYAML reports where it gave up (the next line); its context mark
    points at the key that lacks the colon, which is the line to fix.
    """
    problem = error.problem or ""
    mark = error.problem_mark
    if error.context and "simple key" in error.context and error.context_mark is not None:
        mark = error.context_mark
    location = _location(shown_path, mark or error.context_mark)
    if "\t" in problem or (mark is not None and _line(text, mark.line).lstrip(" ").startswith("\t")):
        return Problem(location, "", "une tabulation sert d'indentation", "indentez avec des espaces, jamais des tabulations")
    for english, french, hint in _SYNTAX_MESSAGES:
        if english in problem:
            return Problem(location, "", f"YAML invalide : {french}", hint)
    return Problem(location, "", f"YAML invalide : {problem or 'syntaxe incorrecte'}",
                   "vérifiez l'indentation, les deux-points après chaque clé et les guillemets")


def _control_character(shown_path: str, text: str, position: int) -> Problem:
    """What YAML still refuses once the text policy has passed (the non-characters U+FFFE and U+FFFF)."""
    code = f"U+{ord(text[position]):04X}" if position < len(text) else "?"
    return Problem(_position(shown_path, text, position), "", f"caractère invisible refusé par YAML ({code})",
                   "supprimez-le ; retapez la ligne si besoin")


def _position(shown_path: str, text: str, index: int) -> SourceLocation:
    """Line and column of a character as an editor counts them (only ``\n`` ends a line)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return SourceLocation(shown_path, line, column)


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _convert(node: Node, shown_path: str, problems: list[Problem], field_path: str) -> Marked:
    location = _location(shown_path, node.start_mark)
    if isinstance(node, MappingNode):
        if node.tag != _MAP_TAG:
            problems.append(_tag_problem(location, node.tag, field_path))
            return Marked({}, location)
        values: dict[str, Marked] = {}
        key_locations: dict[str, SourceLocation] = {}
        for key_node, value_node in node.value:
            key_location = _location(shown_path, key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(key_location, "", "clé de dictionnaire invalide", "une clé est un simple mot, suivi de deux-points"))
                continue
            key = key_node.value
            _check_text(key, key_location, f"{field_path}.{key}" if field_path else key, problems)
            if key in values:
                first = key_locations[key]
                problems.append(Problem(key_location, key, f"clé en double (déjà définie ligne {first.line})",
                                        "gardez une seule de ces deux lignes"))
                continue
            key_locations[key] = key_location
            values[key] = _convert(value_node, shown_path, problems, f"{field_path}.{key}" if field_path else key)
        return Marked(values, location, key_locations=key_locations)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ_TAG:
            problems.append(_tag_problem(location, node.tag, field_path))
            return Marked([], location)
        return Marked([_convert(item, shown_path, problems, f"{field_path}[{index}]")
                       for index, item in enumerate(node.value, start=1)], location)
    assert isinstance(node, ScalarNode)
    if node.tag not in _PLAIN_TAGS:
        problems.append(_tag_problem(location, node.tag, field_path))
        return Marked(None, location, raw=node.value)
    try:
        value = SafeConstructor.construct_object(_CONSTRUCTOR, node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        problems.append(Problem(location, field_path, f"valeur illisible « {node.value[:40]} »", "vérifiez la valeur, ou mettez-la entre guillemets"))
        value = None
    if isinstance(value, str):
        value = normalise(value)
        _check_text(value, location, field_path, problems)
    return Marked(value, location, raw=node.value)


def _check_text(text: str, location: SourceLocation, field_path: str, problems: list[Problem]) -> None:
    """Report the first character of a value (or a key) that the text policy refuses."""
    flaw = first_flaw(text)
    if flaw is not None:
        problems.append(Problem(location, field_path, f"{flaw.message}, en position {flaw.index + 1}", flaw.hint))


def _tag_problem(location: SourceLocation, tag: str, field_path: str) -> Problem:
    """Show the tag as typed (« !!python/object ») rather than PyYAML's expanded name."""
    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    return Problem(location, field_path, f"étiquette YAML non autorisée « {shown} »", "retirez l'étiquette qui commence par « ! »")


class _ScalarConstructor(SafeConstructor):
    """Builds scalars only; kept separate so its state never outlives one value."""


_CONSTRUCTOR = _ScalarConstructor()
