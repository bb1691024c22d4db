"""Every generated page of petite-orga, byte for byte, as committed in tests/golden/: refactors of the
templates or the renderer (performance work) must not change a single byte of what MkDocs receives.

A change meant to alter pages updates the golden file: ``CERCLES_UPDATE_GOLDEN=1 pytest tests/test_pages_golden.py``,
and the diff of tests/golden/petite-orga-pages.json shows which pages changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from cercles.outputs import generated_pages
from cercles.site.config import load_site_config
from cercles.sources.load import load_organisation

GOLDEN = Path(__file__).resolve().parent / "golden" / "petite-orga-pages.json"
EPOCH = "1798761600"  # 2027-01-01: the agenda's window is that of the fixture's moments


def _page_hashes(root: Path) -> dict[str, str]:
    shutil.copytree(FIXTURES / "petite-orga", root)  # outside the repository: no git history, the same journal everywhere
    settings = load_site_config(root / "mkdocs.yml").settings
    pages = generated_pages(load_organisation(settings).organisation, settings)
    return {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(pages.items())}


def test_generated_pages_are_byte_identical_to_the_golden_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    hashes = _page_hashes(tmp_path / "orga")
    assert hashes == _page_hashes(tmp_path / "ailleurs"), "pages depend on where the project lies"
    if os.environ.get("CERCLES_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(hashes) == sorted(golden), "pages added or removed"
    assert [path for path in hashes if hashes[path] != golden[path]] == []
    assert len(golden) > 20
