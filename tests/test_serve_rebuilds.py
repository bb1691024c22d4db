"""``cercles serve``'s dirty rebuilds leave the preview byte for byte as a full build of the same sources.

Each scenario runs what ``mkdocs serve --dirty`` does, in-process: a first build into a site
folder, an edit of the sources, then a rebuild with a newly loaded ``mkdocs.yml`` (MkDocs keeps the
plugin instances across the loads of one session). The preview folder is compared, file by file
and byte for byte (search index and sitemap included), with what plain ``mkdocs serve`` (a full
build each time) gives after the same edits of another copy of the project.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import copy_organisation, run_command
from cercles.site.incremental import DirtyBuilds
from cercles.site.plugin import CerclesPlugin

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1798761600"  # 2027-01-01, within the fixture's agenda window; the sitemap's dates come from it

Edit = Callable[[Path], None]


def _build(project: Path, site: Path, *, dirty: bool, start: bool) -> CerclesPlugin:
    """One build as ``mkdocs serve`` runs it; ``start`` begins a new session (MkDocs' ``on_startup``)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if start:
        config.plugins.on_startup(command="serve", dirty=dirty)
        # MkDocs keeps plugin instances for the whole process: Material's search plugin would
        # otherwise reuse the index of an earlier test's session when a build indexes no page.
        config.plugins["material/search"].search_index_prev = None
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)
    plugin = config.plugins["cercles"]
    assert isinstance(plugin, CerclesPlugin)
    return plugin


def _tree(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``site``."""
    return {str(path.relative_to(site)): path.read_bytes() if path.is_file() else None for path in sorted(site.rglob("*"))}


def _replace(relative: str, old: str, new: str) -> Edit:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def _delete(*relatives: str) -> Edit:
    def edit(project: Path) -> None:
        for relative in relatives:
            (project / relative).unlink()
    return edit


Record = tuple[DirtyBuilds, dict[str, int], Path, dict[str, bytes | None]]


def _session(tmp_path: Path, edits: list[Edit]) -> list[Record]:
    """Run the session; after each edit, assert the preview equals plain ``mkdocs serve``'s full rebuild.

    Returns, per edit: the plugin's record of that rebuild, the modification times (ns) of the
    preview's pages just before it, the preview folder, and its files just after it.
    """
    references = []
    reference_project = copy_organisation(tmp_path / "reference")
    reference = tmp_path / "reference-site"
    _build(reference_project, reference, dirty=False, start=True)
    for edit in edits:
        edit(reference_project)
        _build(reference_project, reference, dirty=False, start=False)
        references.append(_tree(reference))
    project = copy_organisation(tmp_path / "orga")
    site = tmp_path / "preview"
    first = _build(project, site, dirty=True, start=True)
    assert first.dirty is not None and first.dirty.everything
    records = []
    for edit, reference_tree in zip(edits, references):
        before = {str(path.relative_to(site)): path.stat().st_mtime_ns for path in site.rglob("*.html")}
        edit(project)
        plugin = _build(project, site, dirty=True, start=False)
        assert plugin.dirty is not None
        preview = _tree(site)
        assert sorted(preview) == sorted(reference_tree), "files added or missing in the preview"
        assert [path for path in preview if preview[path] != reference_tree[path]] == []
        records.append((DirtyBuilds(rebuilt=list(plugin.dirty.rebuilt), everything=plugin.dirty.everything), before, site, preview))
    return records


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_a_purpose_edited_rebuilds_only_the_pages_that_show_it(tmp_path: Path) -> None:
    [(record, before, site, _)] = _session(tmp_path, [_replace("circles/jardin.yaml", "Faire pousser des tomates",
                                                            "Faire pousser des courgettes")])
    assert not record.everything
    assert "cercles/jardin/index.md" in record.rebuilt
    assert "index.md" not in record.rebuilt and "roles/index.md" not in record.rebuilt
    assert len(record.rebuilt) <= 4, record.rebuilt
    # MkDocs wrote only those: the home page was not even rewritten.
    assert (site / "index.html").stat().st_mtime_ns == before["index.html"]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "courgettes" in index and "Faire pousser des tomates" not in index


def test_a_circle_renamed_rebuilds_every_page_for_the_menu(tmp_path: Path) -> None:
    [(record, _, site, _)] = _session(tmp_path, [_replace("circles/jardin.yaml", "nom: Jardin", "nom: Potager")])
    assert record.everything
    assert "Potager" in (site / "index.html").read_text(encoding="utf-8")  # the home page's menu


def test_a_circle_deleted_leaves_none_of_its_pages_or_feeds(tmp_path: Path) -> None:
    [(record, before, site, _)] = _session(tmp_path, [_delete("circles/outils.yaml", "content/agenda/pret-d-outils.yaml",
                                                      "content/agenda/reunion-secrete.yaml")])
    assert record.everything
    assert "cercles/outils/index.html" in before and not (site / "cercles" / "outils").exists()
    assert "cercles/outils/" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_a_hand_written_page_edited_rebuilds_that_page_only(tmp_path: Path) -> None:
    [(record, _, site, _)] = _session(tmp_path, [_replace("content/index.md", "minuscule", "toute petite")])
    assert record.rebuilt == ["index.md"] and not record.everything
    assert "toute petite" in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_a_title_changed_rebuilds_every_page_for_the_menu(tmp_path: Path) -> None:
    """« Accueil » names the home page in the menu; a page's own H1 is its title where the nav gives none."""
    edit = _replace("mkdocs.yml", "  - Accueil: index.md", "  - index.md")
    retitle = _replace("content/index.md", "# Petite orga", "# Bienvenue")
    [_, (record, _, site, _)] = _session(tmp_path, [edit, retitle])
    assert record.everything
    assert "Bienvenue" in (site / "roles" / "index.html").read_text(encoding="utf-8")


def test_errors_appear_then_vanish(tmp_path: Path) -> None:
    break_it = _replace("circles/jardin.yaml", "type: projet", "type: inconnu")
    fix_it = _replace("circles/jardin.yaml", "type: inconnu", "type: projet")
    [(broken, _, _, broken_files), (fixed, _, _, fixed_files)] = _session(tmp_path, [break_it, fix_it])
    assert broken.everything and fixed.everything
    broken_page = broken_files["cercles/jardin/index.html"]  # an address of the last good preview shows the errors
    assert broken_page is not None and "valeur « inconnu » inconnue" in broken_page.decode("utf-8")
    fixed_page = fixed_files["cercles/jardin/index.html"]
    assert fixed_page is not None and "Faire pousser des tomates" in fixed_page.decode("utf-8")


def test_a_plain_serve_still_rebuilds_everything(tmp_path: Path) -> None:
    """``mkdocs serve`` without ``--dirty`` on a Cercles site: full rebuilds, as before."""
    project = copy_organisation(tmp_path / "orga")
    plugin = _build(project, tmp_path / "site", dirty=False, start=True)
    assert plugin.dirty is None
    shutil.rmtree(tmp_path / "site")


def test_cercles_serve_explains_itself_in_french(organisation_dir: Path) -> None:
    run = run_command(["cercles", "serve", "--help"], cwd=organisation_dir)
    text = " ".join(run.stdout.split())  # argparse wraps lines to the terminal's width
    assert run.status == 0
    assert "utilisation : cercles serve" in text and "seules les pages modifiées sont refaites" in text
    assert "--dev-addr HÔTE:PORT adresse de l'aperçu" in text


@pytest.mark.parametrize(("arguments", "status", "expected"), [
    (["serve", "--config", "absent.yml"], 1, "absent.yml: fichier de configuration introuvable"),
    (["--config", "absent.yml", "serve"], 1, "absent.yml: fichier de configuration introuvable"),
    (["serve", "--dev-addr", "ici"], 2, "--dev-addr: adresse « ici » invalide : attendu HÔTE:PORT, par exemple 127.0.0.1:8000"),
    (["serve", "--port", "8000"], 2, "argument(s) non reconnu(s) : --port 8000"),
])
def test_cercles_serve_refuses_bad_arguments_in_french(organisation_dir: Path, arguments: list[str], status: int,
                                                       expected: str) -> None:
    run = run_command(["cercles", *arguments], cwd=organisation_dir)
    assert run.status == status, run.output
    assert expected in run.stderr and "Traceback" not in run.output, run.output


def test_cercles_serve_reloads_with_the_edit(organisation_dir: Path) -> None:
    """What ``make serve`` runs: the page a browser reloads after a save shows the edit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    process = subprocess.Popen([str(Path(sys.executable).parent / "cercles"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=organisation_dir, env=environment, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    log: list[str] = []

    def wait_for(text: str) -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            log.append(line)
            if text in line:
                return
        raise AssertionError("".join(log))

    watchdog = threading.Timer(300, process.kill)  # a preview that hangs ends the test (stderr closes) instead of blocking it
    watchdog.start()
    try:
        wait_for("Serving on")
        _replace("circles/jardin.yaml", "Faire pousser des tomates", "Faire pousser des courgettes")(organisation_dir)
        wait_for("Reloading browsers")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/cercles/jardin/", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "Faire pousser des courgettes" in page
        assert any("page(s) reconstruite(s), les autres n'ont pas changé" in line for line in log), "".join(log)
        assert not any("dirty" in line for line in log), "".join(log)  # MkDocs' warning, untrue here, is not shown
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=30)
