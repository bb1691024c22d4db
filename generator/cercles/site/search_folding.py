"""Accent-free search: "interpole" finds "Interpôles", "coeur" finds "cœur".

Material's client-side search matches words as typed, and people often type French without its
accents (on a phone, or out of habit). Its worker indexes every field that the index's
``config.fields`` declares, so we declare one more, ``sans_accents``, holding the accent-free
spelling of each accented word of a page. Titles and excerpts shown in results keep their accents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cercles.text import fold

FIELD = "sans_accents"


def accent_free_words(text: str, separator: re.Pattern[str]) -> str:
    """The folded forms of the words that folding changes, once each, in order of appearance."""
    seen: dict[str, None] = {}
    for word in separator.split(text):
        if word.isascii():
            continue  # nothing to fold, and most words are plain ASCII
        folded = fold(word)
        if folded != word:
            seen.setdefault(folded, None)
    return " ".join(seen)


def add_accent_free_field(index: dict[str, Any]) -> dict[str, Any]:
    """Give each document of a Material search index an accent-free field, and declare it."""
    config = index["config"]
    separator = re.compile(config.get("separator", r"[\s\-]+"))
    config["fields"][FIELD] = {"boost": 1.0}
    for document in index["docs"]:
        words = accent_free_words(f"{document.get('title', '')} {document.get('text', '')}", separator)
        if words:
            document[FIELD] = words
    return index


def fold_search_index(site_dir: Path) -> None:
    """Rewrite ``search/search_index.json`` in place, if the site has one."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.is_file():
        return
    with index_file.open(encoding="utf-8") as source:
        index = add_accent_free_field(json.load(source))
    # json.dumps, as Material writes the index: only a one-shot encoding runs json's C encoder (json.dump
    # would run the pure-Python one, some 0.3 s at 1,000 circles); the string is about 10 MB there.
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
