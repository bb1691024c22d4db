"""Cercles' look, shipped inside the package: Material overrides any organisation gets by installing it.

The packaged folder sits between the organisation's ``custom_dir`` and Material in the theme's
search path, so the organisation's ``theme/`` still overrides any file of it, and MkDocs copies
its stylesheet, script and logo as the theme's static files.
"""

from __future__ import annotations

import shutil
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from cercles.settings import PAGE_TEMPLATES_DIR

THEME_DIR = Path(__file__).with_name("theme")
"""``main.html`` (our CSS and script through Material's blocks), the French ``404.html``, ``assets/``."""
LOGO = "assets/images/cercles.svg"
"""Logo and favicon of a site that names none of its own."""
MATERIAL_FAVICON = "assets/images/favicon.png"
"""Material's default favicon: a site still showing it has not chosen one."""


def register_look(theme: Theme) -> None:
    """Put the packaged look just under the organisation's overrides, and make its logo the default."""
    if str(THEME_DIR) in theme.dirs:  # ``mkdocs serve`` may configure the same theme again
        return
    theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))
    default_logo(theme, Path(theme.custom_dir) if theme.custom_dir else None)


def default_logo(theme: MutableMapping[str, Any], custom_dir: Path | None) -> None:
    """Our logo and favicon, unless the organisation chose its own (``theme.logo``, an icon, a favicon)."""
    icons = theme.get("icon") or {}
    if not theme.get("logo") and not icons.get("logo"):
        theme["logo"] = LOGO
    own_favicon = custom_dir is not None and (custom_dir / MATERIAL_FAVICON).is_file()
    if theme.get("favicon", MATERIAL_FAVICON) == MATERIAL_FAVICON and not own_favicon:
        theme["favicon"] = LOGO


def copy_look(custom_dir: Path | None, target: Path) -> None:
    """One folder holding what MkDocs would find: the packaged look, the organisation's files on top.

    For engines that run without the plugin (``cercles export``); page templates stay behind.
    """
    shutil.copytree(THEME_DIR, target, dirs_exist_ok=True)
    if custom_dir is not None:
        shutil.copytree(custom_dir, target, dirs_exist_ok=True,
                        ignore=lambda folder, names: [PAGE_TEMPLATES_DIR] if Path(folder) == custom_dir else [])


def drop_page_templates(files: Files, theme: Theme) -> None:
    """The organisation's page templates (``theme/templates/``) are read by Cercles, never published."""
    if not theme.custom_dir:
        return
    folder = Path(theme.custom_dir) / PAGE_TEMPLATES_DIR
    for file in list(files):
        if file.abs_src_path and Path(file.abs_src_path).is_relative_to(folder):
            files.remove(file)
