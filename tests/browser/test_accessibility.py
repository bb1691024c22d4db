"""axe-core, run inside Chromium, finds no serious or critical barrier on the main kinds of page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from tests.browser.conftest import DESKTOP, Visit

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "accueil": "/",
    "cercle": "/cercles/nourrir/",
    "organigramme": "/cercles/",
    "rôle": "/roles/nourrir/coordination/",
    "agenda": "/agenda/",
    "agenda à intégrer": "/agenda/integrer/",
    "moment": "/agenda/permanence-fabriquer/",
    "venir": "/venir/",
    "gouvernance": "/gouvernance/decisions/",
    "journal": "/gouvernance/journal/",
}
SCHEMES = {"clair": ("light", "default"), "sombre": ("dark", "slate")}
BLOCKING = ("serious", "critical")


def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root (`make test` does it).", pytrace=False)
    return AXE


def audit(visit: Visit, path: str) -> list[dict]:
    """Load ``path``, inject axe-core and return its violations (at « load » the page's deferred scripts have run:
    axe sees the page a visitor sees, without waiting for the network to stay quiet half a second)."""
    visit.open(path, until="load")
    visit.page.add_script_tag(path=str(axe_script()))
    return visit.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} éléments, ex. "
                     f"{v['nodes'][0]['target']})" for v in violations)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", PAGES)
def test_no_serious_or_critical_accessibility_violation(new_visit: Callable[..., Visit], page_name: str,
                                                         scheme: str) -> None:
    color_scheme, material_scheme = SCHEMES[scheme]
    visit = new_visit(viewport=DESKTOP, color_scheme=color_scheme)
    violations = audit(visit, PAGES[page_name])
    assert visit.page.locator("body").get_attribute("data-md-color-scheme") == material_scheme
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    print(f"axe {page_name} ({scheme}): {len(blocking)} serious/critical, "
          f"{len(violations) - len(blocking)} minor/moderate {sorted(v['id'] for v in violations)}")
    assert not blocking, f"{PAGES[page_name]} ({scheme}):\n{describe(blocking)}"
