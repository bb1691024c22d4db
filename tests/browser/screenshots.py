"""Take the README's screenshots of a built site: ``make screenshots`` (after ``make site``).

Usage: python -m tests.browser.screenshots SITE_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.harness import launch_chromium, serve

VIEWPORTS = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
PAGES = {"accueil": "", "cercle-nourrir": "cercles/nourrir/", "organigramme": "cercles/", "agenda": "agenda/"}


def take_screenshots(site_dir: Path, out_dir: Path) -> list[Path]:
    """One PNG per page and viewport, named ``<page>-<viewport>.png``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme="light",
                                          is_mobile=viewport_name == "mobile")
            page = context.new_page()
            for page_name, path in PAGES.items():
                page.goto(base_url + path, wait_until="networkidle")
                target = out_dir / f"{page_name}-{viewport_name}.png"
                page.screenshot(path=str(target))
                written.append(target)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    for path in take_screenshots(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
