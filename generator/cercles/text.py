"""Text rules shared by every reader, the pages, the search and the messages.

One module, so that what a volunteer types is treated alike everywhere:

- **Folding**: « Sœurs du Cœur » is ``soeurs-du-coeur`` as an id, the file name « Sœurs.yaml »
  collides with « soeurs.yaml », and the search finds it when typed « soeurs ».
- **Ids**: the one pattern ids follow (they become URLs and file names) and the id a volunteer
  probably meant; the « vouliez-vous dire » hint compares folded words, so « Prôjet » finds « projet ».
- **Hygiene**: characters that are not text (controls, lone surrogates, Unicode line separators,
  bidi overrides) never reach pages and feeds. A vertical tab or a carriage return (Word's line
  break, through Grist) is what the volunteer meant as a line break, so it becomes one; the rest
  are refused, named, with a fix, because they are invisible in an editor and each could hide or
  reorder text (RFC 5545 forbids controls in a feed's TEXT too).
- **Echoing**: a value repeated in an error message is shown with those characters escaped,
  so an escape sequence in a source never drives the volunteer's terminal.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_SPELLED_OUT = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS",
                              "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})
"""Letters that Unicode does not decompose into a base letter and an accent."""

IDENTIFIER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Ids become URLs and file names: lowercase ASCII letters, digits and single hyphens."""


def fold(text: str) -> str:
    """``text`` without diacritics, ligatures spelled out, case kept: "Interpôles, Cœur" -> "Interpoles, Coeur"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug(text: str) -> str:
    """Text as an id would write it: folded, lowercase, hyphens between words ("" if no letter)."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def comparison_key(text: str) -> str:
    """How names sort and match: « Écrire » between « Eau » and « Fabriquer » (not after « Zèbre »), « Remise » = « remise »."""
    return fold(text).casefold()


def suggest_identifier(text: str) -> str:
    """The id a volunteer probably meant, with a placeholder when the text has no letter at all."""
    return slug(text) or "mon-identifiant"


def identifier_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or ``None`` when it is."""
    if IDENTIFIER.match(value):
        return None
    return f"identifiant invalide « {value[:60]} » : seulement minuscules sans accent, chiffres et tirets"


def did_you_mean(word: str, candidates: Iterable[str], allowed: str) -> str:
    """A hint naming the closest candidate, or listing them all when none is close.

    Words are compared folded, so an accent or a capital typed by habit does not hide the match.
    """
    by_folded = {fold(candidate).lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(fold(word).lower(), list(by_folded), n=1, cutoff=0.6)
    if close:
        return f"vouliez-vous dire « {by_folded[close[0]]} » ?"
    return f"valeurs possibles : {allowed}"


# --- hygiene -------------------------------------------------------------------------------------

_LINE_BREAK_MEANT = str.maketrans({"\r": "\n", "\v": "\n"})
"""Carriage returns (old Mac, Windows) and vertical tabs (Word's Maj+Entrée): the volunteer meant a line break."""

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 controls but tab, line feed and carriage return; delete; C1 controls (NEL included)."""
_SEPARATORS = "\u2028\u2029"
_BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
_REFUSED = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_BIDI_OVERRIDES}{_SURROGATES}]")
"""What the policy refuses once line breaks are normalised (``\\v`` is only met where it cannot be, in a file)."""
_UNREADABLE_BY_YAML = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
"""Refused characters that YAML rejects, or reads as a line break, when they are typed in a file."""
_SHOWN_ESCAPED = re.compile(f"[\t\n\r{_CONTROLS}{_SEPARATORS}{_BIDI_OVERRIDES}{_SURROGATES}]")
"""Echoed in a message, even a line break is escaped: one problem, one line."""

_NAMES = {"\x00": "caractère nul", "\x0b": "tabulation verticale, le saut de ligne de Word", "\x0c": "saut de page",
          "\x1b": "échappement", "\x7f": "suppression", "\x85": "saut de ligne Unicode NEL",
          "\u2028": "séparateur de ligne Unicode", "\u2029": "séparateur de paragraphe Unicode"}
_BREAK_HINT = "remplacez-le par un vrai retour à la ligne"
_CONTROL_HINT = "supprimez-le : il ne s'affiche pas et vient souvent d'un copier-coller"
_SURROGATE_HINT = "retapez le caractère d'origine, souvent un emoji coupé en deux, ou supprimez-le"
_BIDI_HINT = "supprimez-le : il fait afficher le texte dans un autre ordre que celui qui est publié"


@dataclass(frozen=True, slots=True)
class Flaw:
    """A character the policy refuses, where it is, and the French words to report it."""

    index: int
    """0-based position in the text it was found in."""
    message: str
    hint: str


def normalise(text: str) -> str:
    """Turn every line break the volunteer meant (``\\r\\n``, ``\\r``, ``\\v``) into ``\\n``."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAK_MEANT)


def first_flaw(text: str) -> Flaw | None:
    """The first refused character of a normalised value, or ``None`` when the text is clean."""
    found = _REFUSED.search(text)
    return None if found is None else _flaw(found.start(), found.group())


def first_unreadable(text: str) -> Flaw | None:
    """The first refused character typed in a YAML file that YAML itself would reject or misread as a line break."""
    found = _UNREADABLE_BY_YAML.search(text)
    return None if found is None else _flaw(found.start(), found.group())


def _flaw(index: int, char: str) -> Flaw:
    if "\ud800" <= char <= "\udfff":
        name, hint = "moitié de caractère isolée", _SURROGATE_HINT
    elif "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        name, hint = "marque invisible de sens d'écriture", _BIDI_HINT
    else:
        name = _NAMES.get(char, "caractère de contrôle invisible")
        hint = _BREAK_HINT if char in "\x0b\x85\u2028\u2029" else _CONTROL_HINT
    return Flaw(index, f"caractère interdit dans un texte : {name} (U+{ord(char):04X})", hint)


def printable(text: str) -> str:
    """``text`` for a terminal: every control, separator, bidi override and lone surrogate escaped (``\\x1b``)."""
    return _SHOWN_ESCAPED.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
