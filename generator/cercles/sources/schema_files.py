"""Where the JSON Schemas of the sources live, and the first line that points an editor at one.

Three tools write that line (``cercles schemas`` checks it, ``cercles new`` and
``cercles import-grist`` write it at the top of the files they create) and tools never import
each other, so the file names, the folder and the modeline are said here, once.
"""

from __future__ import annotations

import os
from pathlib import Path

SCHEMAS_DIR = Path("schemas")
"""Where the schemas live, relative to the project folder."""
CIRCLE_SCHEMA_FILE = "cercle.schema.json"
MOMENT_SCHEMA_FILE = "moment.schema.json"
PLACES_SCHEMA_FILE = "lieux.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="
"""The first line of a source file: the Red Hat YAML extension reads the schema's path from it."""


def schema_reference(root: Path, folder: Path, schema_file: str) -> str:
    """The schema's path relative to the folder of the file that names it, as editors resolve ``$schema``."""
    schema = root / SCHEMAS_DIR / schema_file
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return schema.as_uri()


def modeline(reference: str) -> str:
    """The whole first line (with its line break) of a source file whose schema is at ``reference``."""
    return f"{MODELINE_PREFIX}{reference}\n"
