"""A build replaces site/ only when it succeeded: after any failure, site/ is byte for byte as before.

Each case starts from petite-orga already built once, breaks it in one way a volunteer (or the
machine) could, rebuilds with ``mkdocs build --strict`` and compares the whole site/ folder.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, run_command

STAGING_LEFTOVERS = (".site.staging", ".site.previous")
FAILED = "La construction a échoué ; site/ n'a pas été modifié."


def snapshot(site: Path) -> dict[str, bytes | None]:
    """Every entry of a folder: files with their bytes, folders as ``None``."""
    return {path.relative_to(site).as_posix(): (path.read_bytes() if path.is_file() else None)
            for path in sorted(site.rglob("*"))}


@pytest.fixture(scope="module")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """petite-orga built once; each test works on its own copy."""
    target = tmp_path_factory.mktemp("template") / "orga"
    shutil.copytree(FIXTURES / "petite-orga", target)
    run = run_command(["mkdocs", "build", "--strict"], cwd=target)
    assert run.status == 0, run.output
    return target


@pytest.fixture
def built(built_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "orga"
    shutil.copytree(built_template, target)
    return target


def add_hook(orga: Path, code: str) -> None:
    """A MkDocs hook (a plugin written in the project), to make a later build step fail."""
    (orga / "hooks.py").write_text(code, encoding="utf-8")
    with (orga / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hooks.py\n")


def crash_in_a_later_plugin(orga: Path) -> None:
    add_hook(orga, "def on_post_build(config):\n    raise RuntimeError('le greffon de flux a planté')\n")


def feed_writer_crash(orga: Path) -> None:
    """From the issue: a rule that ``cercles check`` accepted made the feed writer raise ValueError."""
    moment = orga / "content" / "agenda" / "pret-d-outils.yaml"
    text = moment.read_text(encoding="utf-8")
    moment.write_text(text.replace("rythme: chaque mercredi", 'rythme: "RRULE:FREQ=WEEKLY;BYDAY=WE EXDATE:20270210T170000"'),
                      encoding="utf-8")


def hand_written_page_at_a_generated_path(orga: Path) -> None:
    (orga / "content" / "roles").mkdir()
    (orga / "content" / "roles" / "index.md").write_text("# Nos rôles, écrits à la main\n", encoding="utf-8")


def broken_link_under_strict(orga: Path) -> None:
    with (orga / "content" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nVoir [la page disparue](disparue.md).\n")


def full_disk(orga: Path) -> None:
    """The disk fills up while MkDocs writes the pages: the role index is never written."""
    add_hook(orga, "import errno, os\nfrom mkdocs import utils\n_write = utils.write_file\n"
                   "def write_file(content, output_path):\n"
                   "    if output_path.endswith(os.path.join('roles', 'index.html')):\n"
                   "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)\n"
                   "    _write(content, output_path)\n"
                   "utils.write_file = write_file\n")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "crash-in-a-later-plugin": (crash_in_a_later_plugin, "le greffon de flux a planté"),
    "feed-writer-crash": (feed_writer_crash, "EXDATE"),
    "hand-written-page-at-a-generated-path": (hand_written_page_at_a_generated_path,
                                              "content/roles/index.md: ce fichier est généré par Cercles"),
    "broken-link-under-strict": (broken_link_under_strict, "Aborted with"),
    "full-disk": (full_disk, "No space left on device"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_failed_build_leaves_the_site_byte_identical_and_no_staging_folder(case: str, built: Path) -> None:
    before = snapshot(built / "site")
    breaks, message = CASES[case]
    breaks(built)
    neighbours = sorted(path.name for path in built.iterdir())
    run = run_command(["mkdocs", "build", "--strict"], cwd=built)
    assert run.status != 0, run.output
    assert message in run.output, run.output
    assert snapshot(built / "site") == before, "site/ changed although the build failed"
    assert sorted(path.name for path in built.iterdir()) == neighbours, "no staging folder is left beside site/"
    if case != "feed-writer-crash":  # may stop in validation one day, before any staging
        assert FAILED in run.output, run.output


def test_properdocs_counts_strict_warnings_the_same_way(built: Path) -> None:
    """ProperDocs (MkDocs 1.6 renamed) counts warnings on its own logger: the site stays as it was."""
    before = snapshot(built / "site")
    broken_link_under_strict(built)
    run = run_command(["properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=built)
    assert run.status != 0 and "Aborted with" in run.output, run.output
    assert snapshot(built / "site") == before
    assert not any((built / name).exists() for name in STAGING_LEFTOVERS)


def test_a_successful_build_replaces_the_site_and_keeps_its_hidden_entries(built: Path) -> None:
    (built / "site" / ".git").mkdir()  # a deployment checkout, which MkDocs' own cleaning keeps
    (built / "site" / ".git" / "HEAD").write_text("ref: refs/heads/pages\n", encoding="utf-8")
    (built / "site" / "ancienne-page.html").write_text("périmée", encoding="utf-8")
    jardin = built / "circles" / "jardin.yaml"
    jardin.write_text(jardin.read_text(encoding="utf-8").replace("nom: Jardin", "nom: Jardin partagé"), encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=built)
    assert run.status == 0, run.output
    assert "Jardin partagé" in (built / "site" / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8")
    assert not (built / "site" / "ancienne-page.html").exists()
    assert (built / "site" / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/pages\n"
    assert not any((built / name).exists() for name in STAGING_LEFTOVERS)


def test_a_build_killed_mid_swap_gets_its_site_back(built: Path) -> None:
    """Killed between « site → .site.previous » and « staging → site »: the next build restores, then rebuilds."""
    (built / "site").rename(built / ".site.previous")
    (built / ".site.staging").mkdir()
    (built / ".site.staging" / "demi.html").write_text("à moitié écrit", encoding="utf-8")
    broken_link_under_strict(built)
    run = run_command(["mkdocs", "build", "--strict"], cwd=built)
    assert run.status != 0
    assert (built / "site" / "cercles" / "jardin" / "index.html").is_file()
    assert not any((built / name).exists() for name in STAGING_LEFTOVERS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_mkdocs_serve_still_serves_the_generated_pages_without_staging(organisation_dir: Path) -> None:
    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=organisation_dir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cercles/jardin/", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.5)
        assert "Jardin" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (organisation_dir / "site").exists(), "serve builds into a temporary folder, never site/"
    assert not any((organisation_dir / name).exists() for name in STAGING_LEFTOVERS)
