"""The text of an imported moment file: the schema line, the import header, then the keys as volunteers write them."""

from __future__ import annotations

from typing import Any

import yaml

from cercles.settings import Settings
from cercles.sources.schema_files import MOMENT_SCHEMA_FILE, modeline, schema_reference
from cercles.tools.import_grist.options import OUTPUT_ORDER

IMPORT_MARK = "# Importé de Grist par « cercles import-grist »"
"""Second line of every imported file; ``--remplacer`` only ever rewrites files that carry it."""
HEADER = (f"{IMPORT_MARK} : modifiez ce moment dans Grist, puis réimportez-le avec --remplacer\n"
          "# (une modification faite ici serait effacée par le prochain import).\n")


class _Dumper(yaml.SafeDumper):
    """Writes a moment as volunteers write them: plain dates, multi-line descriptions as blocks."""


class _AsTyped(str):
    """A date or date-time written without quotes, as in hand-written files (the loader reads the text)."""


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


def _represent_as_typed(dumper: yaml.SafeDumper, data: _AsTyped) -> yaml.ScalarNode:
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, str(data), (True, False)), str(data))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_AsTyped, _represent_as_typed)


def render_moment(values: dict[str, Any], settings: Settings) -> str:
    """The text of ``content/agenda/<id>.yaml``: the schema line first, then the import header, then the keys."""
    document: dict[str, Any] = {}
    for key in OUTPUT_ORDER:
        value = values.get(key)
        if value is None or value is False or value == "":
            continue
        dated = key in ("debut", "jusqu_au") or (key == "fin" and "-" in str(value))
        document[key] = _AsTyped(value) if dated else value
    reference = schema_reference(settings.root, settings.agenda_path, MOMENT_SCHEMA_FILE)
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"{modeline(reference)}{HEADER}{body}"
