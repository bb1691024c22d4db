"""What must never happen: a leak of private data, an injection, a half-built site, a different byte."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO, run_command
from test_validation import edit

EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}


def build(folder: Path, env: dict[str, str] | None = None) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=folder, env={**EPOCH, **(env or {})})
    assert run.status == 0, run.output
    return folder / "site"


def tree_hashes(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def every_text(site: Path) -> dict[str, str]:
    """Every published file as text: pages, search index, sitemap, feeds, scripts."""
    return {path.relative_to(site).as_posix(): path.read_bytes().decode("utf-8", errors="replace")
            for path in site.rglob("*") if path.is_file() and not path.name.endswith(".gz")}


def event_handlers(html: str) -> list[str]:
    """The ``on…`` attributes of every tag, as a browser parses them (a name quoted inside an
    attribute's value, such as the chart's ``aria-label``, is text, not an attribute)."""
    found: list[str] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(f"<{tag} {name}>" for name, _ in attrs if re.fullmatch(r"on(error|mouseover)", name))

    Attributes().feed(html)
    return found


def test_nothing_private_is_published(organisation_dir: Path) -> None:
    site = build(organisation_dir)
    private = ["alice.secrete@exemple.org", "06 11 22 33 44", "Conciliabule des coffres-forts",
               "Les comptes confidentiels", "Xylophage", "Zéphyrine"]
    texts = every_text(site)
    assert "search/search_index.json" in texts and "sitemap.xml" in texts and "agenda.ics" in texts
    leaks = [(name, secret) for name, text in texts.items() for secret in private if secret in text]
    assert leaks == []


def test_contact_data_is_shown_only_for_people_who_opt_in(organisation_dir: Path) -> None:
    site = build(organisation_dir)
    role = (site / "roles" / "outils" / "coordination" / "index.html").read_text(encoding="utf-8")
    assert "Chloé (courriel : chloe@outils.example, tél. : 05 55 55 55 55)" in role
    bureau = (site / "roles" / "bureau" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Alice" in bureau and "alice.secrete" not in bureau


def test_injected_html_and_links_show_as_text(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "raison_d_etre: Faire pousser des tomates avec le quartier.",
         "raison_d_etre: '<script>alert(\"purpose\")</script> <img src=x onerror=alert(1)> [clic](javascript:alert(3))'")
    edit(organisation_dir / "circles" / "outils.yaml", "nom: Outils", "nom: 'Outils <b onmouseover=alert(2)>gras</b> [clic](javascript:alert(4))'")
    site = build(organisation_dir)
    texts = every_text(site)
    html_pages = {name: text for name, text in texts.items() if name.endswith(".html")}
    for name, html in html_pages.items():
        assert "<script>alert" not in html, name
        assert not event_handlers(html), name
        assert 'href="javascript:' not in html.lower(), name
    jardin = html_pages["cercles/jardin/index.html"]
    assert "&lt;script&gt;alert(\"purpose\")&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; [clic](javascript:alert(3))" in jardin
    assert "Outils &lt;b onmouseover=alert(2)&gt;gras&lt;/b&gt;" in html_pages["cercles/index.html"]


def test_a_newline_in_a_title_cannot_start_a_new_ics_property(organisation_dir: Path) -> None:
    edit(organisation_dir / "content" / "agenda" / "troc-de-graines.yaml", "titre: Troc de graines",
         'titre: "Troc\\nATTENDEE:mailto:pirate@example.org\\nX-EVIL:1"')
    site = build(organisation_dir)
    feed = (site / "agenda.ics").read_bytes().decode("utf-8")
    lines = feed.split("\r\n")
    assert not [line for line in lines if line.startswith(("ATTENDEE", "X-EVIL"))]
    assert "SUMMARY:Troc\\nATTENDEE:mailto:pirate@example.org\\nX-EVIL:1" in feed


def test_a_failed_build_leaves_the_previous_site_untouched(organisation_dir: Path) -> None:
    site = build(organisation_dir)
    before = tree_hashes(site)
    edit(organisation_dir / "circles" / "jardin.yaml", "type: projet", "type: projjet")
    (organisation_dir / "content" / "nouvelle-page.md").write_text("# Nouvelle\n", encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env=EPOCH)
    assert run.status == 1
    assert "circles/jardin.yaml:3:7: type: valeur « projjet » inconnue (vouliez-vous dire « projet » ?)" in run.output
    assert "Traceback" not in run.output
    assert tree_hashes(site) == before


def test_two_builds_in_different_folders_and_zones_are_byte_identical(tmp_path: Path) -> None:
    ignore = shutil.ignore_patterns(".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")
    sites = []
    for name, zone in (("premier", "Pacific/Auckland"), ("second", "America/Lima")):
        copy = tmp_path / name
        shutil.copytree(REPO, copy, ignore=ignore)
        sites.append(tree_hashes(build(copy, env={"TZ": zone})))
    assert len(sites[0]) > 50
    assert sites[0] == sites[1]
