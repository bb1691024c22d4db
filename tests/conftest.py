"""Shared helpers: fixture organisations copied to a temporary folder, and the CLI run as users run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    """What a user sees after a command: its exit status and both streams."""

    status: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


SECRET_VARIABLE = "CERCLES_SECRET_MEMBRES"


def run_command(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command of the project's virtualenv (``cercles``, ``mkdocs``) in ``cwd``.

    The members' feeds' secret of the developer's shell is left out unless ``env`` gives one, so that
    a test builds the public site only, as it expects.
    """
    inherited = {key: value for key, value in os.environ.items() if key != SECRET_VARIABLE}
    environment = {**inherited, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    bin_dir = Path(sys.executable).parent
    completed = subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=environment,
                               capture_output=True, text=True, timeout=600)
    return Run(completed.returncode, completed.stdout, completed.stderr)


def copy_organisation(target: Path) -> Path:
    """A writable copy of the small fixture organisation at ``target`` (no theme of its own: the packaged look)."""
    shutil.copytree(FIXTURES / "petite-orga", target)
    return target


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """La Raffinerie's site as ``mkdocs build --strict`` publishes it, built once per test process.

    Several test files (and every browser test) read this same site: building it once saves a
    full build each. Tests only read it. Under pytest-xdist each worker has its own temporary
    folder, so two workers never build into the same directory.
    """
    site = tmp_path_factory.mktemp("default") / "site"
    run = run_command(["mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=REPO)
    assert run.status == 0, run.output
    return site


@pytest.fixture
def organisation_dir(tmp_path: Path) -> Path:
    """A writable copy of the small fixture organisation."""
    return copy_organisation(tmp_path / "orga")
