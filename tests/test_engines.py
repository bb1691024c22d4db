"""Engines after MkDocs 1.6: ProperDocs runs our plugin as is; Zensical builds what ``cercles export`` writes.

ProperDocs and Zensical come with the test extra, in the same virtualenv as MkDocs 1.6: a test
that cannot find them fails rather than skips, so that a missing install cannot pass for success.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from yaml_env_tag import add_env_tag

from cercles.site.look import THEME_DIR
from conftest import REPO, run_command
from test_validation import edit

NOURRIR_PURPOSE = "alimentation saine, locale et accessible"
PRIVATE = ["alice.secrete@exemple.org", "06 11 22 33 44", "Conciliabule des coffres-forts",
           "Les comptes confidentiels", "Xylophage", "Zéphyrine"]


def require(executable: str) -> None:
    """Fail with the fix when an engine is missing from the test virtualenv."""
    path = Path(sys.executable).parent / executable
    assert path.is_file(), f"{path} not found: install the test extra (pip install -e '.[test]')"


def export(project: Path, out: Path) -> Path:
    run = run_command(["cercles", "export", "--out", str(out)], cwd=project)
    assert run.status == 0, run.output
    return out


class _EnvLoader(yaml.SafeLoader):
    """Reads ``!ENV`` as MkDocs does (La Raffinerie's ``site_url`` comes from the environment)."""


add_env_tag(_EnvLoader)


def exported_config(out: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    return config


def plugin_names(config: dict[str, Any]) -> list[str]:
    plugins = config.get("plugins") or []
    return [next(iter(plugin)) if isinstance(plugin, dict) else plugin for plugin in plugins]


def site_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


# ---- cercles export ----------------------------------------------------------------------------


def test_export_writes_pages_feeds_theme_and_a_config_without_the_plugin(tmp_path: Path) -> None:
    out = export(REPO, tmp_path / "export")
    docs = out / "docs"
    for page in ["index.md", "securite.md", "gouvernance/piliers.md"]:
        assert (docs / page).read_bytes() == (REPO / "content" / page).read_bytes(), page
    for page in ["cercles/index.md", "cercles/nourrir/index.md", "roles/index.md", "agenda/index.md",
                 "gouvernance/moments.md"]:
        assert (docs / page).is_file(), page
    assert NOURRIR_PURPOSE in (docs / "cercles" / "nourrir" / "index.md").read_text(encoding="utf-8")
    assert (docs / "agenda.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (docs / "agenda" / "nourrir.ics").is_file()
    assert list(docs.rglob("*.yaml")) == [], "the agenda sources hold internal moments: never exported"
    assert (out / "overrides" / "main.html").read_bytes() == (THEME_DIR / "main.html").read_bytes()
    assert (out / "overrides" / "assets" / "stylesheets" / "cercles.css").is_file()
    assert (out / "overrides" / "assets" / "stylesheets" / "raffinerie.css").read_bytes() == \
        (REPO / "theme" / "assets" / "stylesheets" / "raffinerie.css").read_bytes(), "the organisation's own look on top"

    config = exported_config(out)
    assert "cercles" not in plugin_names(config) and "search" in plugin_names(config)
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["theme"]["custom_dir"] == "overrides" and config["theme"]["language"] == "fr"
    circles = next(item["Cercles"] for item in config["nav"] if isinstance(item, dict) and "Cercles" in item)
    assert circles[0] == "cercles/index.md"
    assert {"Nourrir": "cercles/nourrir/index.md"} in next(section["Cercles projets"] for section in circles[1:]
                                                          if "Cercles projets" in section)
    assert "/roles/nourrir/coordination.md" in config["not_in_nav"].splitlines()


def test_export_refuses_destinations_that_would_publish_or_destroy(organisation_dir: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "mes-documents"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à garder", encoding="utf-8")
    a_file = tmp_path / "fichier"
    a_file.write_text("", encoding="utf-8")
    for out, message in [(".", "c'est le dossier du projet"), (str(organisation_dir), "c'est le dossier du projet"),
                         ("content", "ce dossier est dans content/"), ("content/export", "ce dossier est dans content/"),
                         (str(foreign), "n'est pas vide"), (str(a_file), "c'est un fichier")]:
        run = run_command(["cercles", "export", "--out", out], cwd=organisation_dir)
        assert run.status == 1, (out, run.output)
        assert message in run.stderr, (out, run.stderr)
        assert "Traceback" not in run.output
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert not (organisation_dir / "content" / "export").exists()
    missing = run_command(["cercles", "export"], cwd=organisation_dir)
    assert missing.status == 2 and "--out" in missing.stderr


def test_a_second_export_replaces_the_first_without_leftovers(organisation_dir: Path, tmp_path: Path) -> None:
    out = export(organisation_dir, tmp_path / "export")
    stale = out / "docs" / "cercles" / "ancien-cercle" / "index.md"
    stale.parent.mkdir()
    stale.write_text("# Cercle dissous\n", encoding="utf-8")
    (out / "site").mkdir()
    export(organisation_dir, out)
    assert not stale.exists() and (out / "docs" / "cercles" / "jardin" / "index.md").is_file()
    assert (out / "site").is_dir(), "only what an export writes is replaced"


def test_export_refuses_a_hand_written_page_at_a_generated_path(organisation_dir: Path, tmp_path: Path) -> None:
    (organisation_dir / "content" / "cercles").mkdir()
    (organisation_dir / "content" / "cercles" / "index.md").write_text("# À la main\n", encoding="utf-8")
    run = run_command(["cercles", "export", "--out", str(tmp_path / "export")], cwd=organisation_dir)
    assert run.status == 1
    assert "content/cercles/index.md: ce fichier est généré par Cercles" in run.stderr and "Traceback" not in run.output
    assert not (tmp_path / "export").exists()


def test_export_reports_source_errors_and_writes_nothing(organisation_dir: Path, tmp_path: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "type: projet", "type: potager")
    run = run_command(["cercles", "export", "--out", str(tmp_path / "export")], cwd=organisation_dir)
    assert run.status == 1 and "circles/jardin.yaml" in run.stderr and "Traceback" not in run.output
    assert not (tmp_path / "export").exists()


def test_export_keeps_the_tags_mkdocs_understands(organisation_dir: Path, tmp_path: Path) -> None:
    edit(organisation_dir / "mkdocs.yml", "site_url: https://petite-orga.fr/",
         "site_url: !ENV [PETITE_URL, 'https://petite-orga.fr/']")
    edit(organisation_dir / "mkdocs.yml", "  - tables\n",
         "  - tables\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    out = export(organisation_dir, tmp_path / "export")
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV" in text and "PETITE_URL" in text
    assert "!!python/name:material.extensions.emoji.twemoji" in text
    run = run_command(["mkdocs", "build", "--strict"], cwd=out, env={"PETITE_URL": "https://autre-orga.fr/"})
    assert run.status == 0, run.output
    assert "https://autre-orga.fr/" in (out / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_export_publishes_nothing_private(organisation_dir: Path, tmp_path: Path) -> None:
    out = export(organisation_dir, tmp_path / "export")
    leaks = [(path.name, secret) for path in out.rglob("*") if path.is_file()
             for secret in PRIVATE if secret in path.read_bytes().decode("utf-8", errors="replace")]
    assert leaks == []


def test_mkdocs_builds_the_export_into_the_same_pages_as_the_plugin(default_site: Path, tmp_path: Path) -> None:
    plugin_site = default_site
    out = export(REPO, tmp_path / "export")
    run = run_command(["mkdocs", "build", "--strict"], cwd=out)
    assert run.status == 0, run.output
    assert site_files(out / "site") == site_files(plugin_site)
    for page in ["cercles/nourrir/index.html", "index.html", "agenda/index.html", "roles/nourrir/coordination/index.html"]:
        assert (out / "site" / page).read_text(encoding="utf-8") == (plugin_site / page).read_text(encoding="utf-8"), page


# ---- ProperDocs: the plugin unchanged ---------------------------------------------------------


def test_properdocs_builds_the_default_site_with_the_plugin_unchanged(tmp_path: Path) -> None:
    require("properdocs")
    site = tmp_path / "site"
    run = run_command(["properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)], cwd=REPO)
    assert run.status == 0, run.output
    nourrir = (site / "cercles" / "nourrir" / "index.html").read_text(encoding="utf-8")
    assert NOURRIR_PURPOSE in nourrir
    assert "ProperDocs" in nourrir, "built by ProperDocs, not by MkDocs"
    assert (site / "agenda.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "sans_accents" in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_properdocs_strict_still_fails_on_a_source_error(organisation_dir: Path, tmp_path: Path) -> None:
    require("properdocs")
    edit(organisation_dir / "circles" / "jardin.yaml", "type: projet", "type: potager")
    run = run_command(["properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=organisation_dir)
    assert run.status == 1 and "circles/jardin.yaml" in run.output


# ---- Zensical: the exported project -----------------------------------------------------------


def test_zensical_builds_the_exported_default_site(tmp_path: Path) -> None:
    require("zensical")
    out = export(REPO, tmp_path / "export")
    run = run_command(["zensical", "build", "--strict"], cwd=out)
    assert run.status == 0, run.output
    site = out / "site"
    for circle_file in sorted((REPO / "circles").glob("*.yaml")):
        assert (site / "cercles" / circle_file.stem / "index.html").is_file(), circle_file.name
    nourrir = (site / "cercles" / "nourrir" / "index.html").read_text(encoding="utf-8")
    assert NOURRIR_PURPOSE in nourrir and "Cercles projets" in nourrir
    assert 'lang="fr"' in nourrir and "cercles.css" in nourrir, "language and theme overrides applied"
    assert (site / "agenda.ics").read_bytes() == (out / "docs" / "agenda.ics").read_bytes()
    assert (site / "agenda" / "nourrir.ics").is_file()
    assert (site / "roles" / "nourrir" / "coordination" / "index.html").is_file()
    assert list(site.rglob("*.yaml")) == []


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_other_engines_publish_nothing_private_from_the_export(engine: str, organisation_dir: Path,
                                                              tmp_path: Path) -> None:
    require(engine)
    out = export(organisation_dir, tmp_path / "export")
    run = run_command([engine, "build", "--strict", *(["-f", "mkdocs.yml"] if engine == "properdocs" else [])], cwd=out)
    assert run.status == 0, run.output
    texts = {path.relative_to(out).as_posix(): path.read_bytes().decode("utf-8", errors="replace")
             for path in (out / "site").rglob("*") if path.is_file() and not path.name.endswith(".gz")}
    assert "site/agenda.ics" in texts
    assert [(name, secret) for name, text in texts.items() for secret in PRIVATE if secret in text] == []
