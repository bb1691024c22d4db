"""The pre-commit hook definitions: they run ``cercles check`` on the right files, and it blocks a broken circle.

pre-commit itself is not installed for the tests: they read both files as pre-commit does
(``files`` is a Python regex searched in paths relative to the repository root) and run the
hook's entry as pre-commit would, from the organisation's root.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, run_command

CHECKED = ["circles/jardin.yaml", "circles/x.yml", "content/agenda/y.yaml", "personnes.yaml", "mkdocs.yml"]
IGNORED = ["README.md", "content/index.md", "content/gouvernance/cercles.md", "generator/cercles/cli.py", "docs/circles/x.yaml",
           "old-personnes.yaml", "mkdocs.yml.bak"]


def published_hook() -> dict[str, Any]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return next(hook for hook in hooks if hook["id"] == "cercles-check")


def local_hook() -> dict[str, Any]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repository,) = config["repos"]
    assert repository["repo"] == "local"
    return next(hook for hook in repository["hooks"] if hook["id"] == "cercles-check")


HOOKS = {"published": published_hook, "local": local_hook}


def test_the_published_hook_installs_cercles_and_runs_the_check() -> None:
    hook = published_hook()
    assert hook["language"] == "python", "pre-commit pip-installs this repository, which provides the cercles command"
    assert shlex.split(hook["entry"]) == ["cercles", "check"]
    assert hook["pass_filenames"] is False, "the check reads the whole organisation, not the changed files"


def test_the_local_hook_uses_the_virtualenv_make_site_creates() -> None:
    hook = local_hook()
    assert hook["language"] == "system"
    assert shlex.split(hook["entry"]) == [".venv/bin/cercles", "check"]
    assert hook["pass_filenames"] is False
    assert re.search(r"^VENV := \.venv$", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE), \
        "the entry's .venv/ must be the folder « make site » installs cercles into"


@pytest.mark.parametrize("which", HOOKS)
def test_the_hooks_run_on_sources_only(which: str) -> None:
    files = re.compile(HOOKS[which]()["files"])
    assert [path for path in CHECKED if not files.search(path)] == []
    assert [path for path in IGNORED if files.search(path)] == []


def test_both_hooks_watch_the_same_files() -> None:
    assert published_hook()["files"] == local_hook()["files"]


def run_entry(hook: dict[str, Any], cwd: Path) -> Any:
    """Run the hook's command in ``cwd``, ``cercles`` taken from the test's virtualenv as conftest does."""
    program, *arguments = shlex.split(hook["entry"])
    return run_command([Path(program).name, *arguments], cwd=cwd)


@pytest.mark.parametrize("which", HOOKS)
def test_the_hook_passes_a_valid_organisation_and_blocks_a_broken_circle(organisation_dir: Path, which: str) -> None:
    hook = HOOKS[which]()
    good = run_entry(hook, organisation_dir)
    assert good.status == 0, good.output
    assert "OK : 3 cercles, 1 actions, 4 moments." in good.stdout

    circle = organisation_dir / "circles" / "outils.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace("type: support", "type: suport"), encoding="utf-8")
    broken = run_entry(hook, organisation_dir)
    assert broken.status == 1
    assert re.search(r"^circles/outils.yaml:\d+:7: type: valeur « suport » inconnue \(vouliez-vous dire « support » \?\)$",
                     broken.stderr, re.MULTILINE), broken.stderr
    assert "Traceback" not in broken.output
