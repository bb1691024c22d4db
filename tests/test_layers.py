"""The package's layers, as DESIGN.md draws them: the flow goes one way.

The core (sources, model, rules, text, pages, feeds, settings, outputs) must stay usable
without MkDocs, so another engine can be fed by ``cercles export``; only ``cercles.site``
talks to MkDocs; each editor's tool stands alone. These rules are read from the imports
themselves, so a sideways import fails here rather than in a review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator" / "cercles"
OUTER_LAYERS = ("cercles.site", "cercles.tools", "cercles.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "", node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_the_package_has_the_stages_of_the_flow() -> None:
    found = set(modules())
    for stage in ("cercles.sources", "cercles.rules", "cercles.pages", "cercles.feeds", "cercles.site", "cercles.tools"):
        assert stage in found, f"{stage} is missing"


def test_the_core_never_imports_mkdocs_a_tool_or_the_site() -> None:
    offences = []
    for name, path in modules().items():
        if any(within(name, layer) for layer in OUTER_LAYERS):
            continue
        for imported, _, line in imports(path):
            if within(imported, "mkdocs") or any(within(imported, layer) for layer in OUTER_LAYERS):
                offences.append(f"{path.relative_to(PACKAGE)}:{line} imports {imported}")
    assert offences == []


def test_only_the_site_layer_imports_mkdocs() -> None:
    offences = [f"{path.relative_to(PACKAGE)}:{line} imports {imported}"
                for name, path in modules().items() if not within(name, "cercles.site")
                for imported, _, line in imports(path) if within(imported, "mkdocs")]
    assert offences == []


def test_tools_never_import_each_other_nor_private_names() -> None:
    offences = []
    for name, path in modules().items():
        if not within(name, "cercles.tools") or name == "cercles.tools":
            continue
        own_tool = ".".join(name.split(".")[:3])  # a tool split into a subpackage may import its own modules
        for imported, imported_name, line in imports(path):
            if within(imported, "cercles.tools") and not within(imported, own_tool):
                offences.append(f"{path.relative_to(PACKAGE)}:{line} imports the tool {imported}")
            elif within(imported, "cercles") and not within(imported, own_tool) and imported_name.startswith("_"):
                offences.append(f"{path.relative_to(PACKAGE)}:{line} uses the private name {imported}.{imported_name}")
    assert offences == []


def test_the_layer_rules_catch_a_sideways_import(tmp_path: Path) -> None:
    """The checks above read real import statements: a planted offence is seen."""
    planted = tmp_path / "planted.py"
    planted.write_text("from mkdocs.plugins import BasePlugin\nfrom cercles.tools.export import main as _m\n", encoding="utf-8")
    assert [(module, line) for module, _, line in imports(planted)] == [("mkdocs.plugins", 1), ("cercles.tools.export", 2)]
