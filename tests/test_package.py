"""Cercles as another organisation gets it: a wheel, ``cercles init``, the packaged look, its overrides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, Run, run_command
from test_pages import visible_text

OUR_CSS_RULE = ".cercles-organigramme__groupe-cercle--bureau { --cercles-accent: var(--cercles-bureau); }"
"""A rule of the packaged stylesheet that neither Material nor any organisation writes."""


def _run(args: list[str], cwd: Path, timeout: int = 300, env: dict[str, str] | None = None) -> Run:
    """A command with a clean environment: nothing from this repository's virtualenv leaks in."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    environment.update(env or {})
    completed = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)
    return Run(completed.returncode, completed.stdout, completed.stderr)


def test_a_wheel_installed_elsewhere_gives_a_new_organisation_the_full_site(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)], cwd=tmp_path)
    assert run.status == 0, run.output
    [wheel] = wheels.glob("cercles-*.whl")
    venv = tmp_path / "venv"
    # A venv without its own pip, filled by this one (`--python`): seeding a pip costs ~4 s of CPU and checks nothing.
    run = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    assert run.status == 0, run.output
    bin_dir = venv / "bin"
    run = _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet", str(wheel)],
               cwd=tmp_path, timeout=600)
    assert run.status == 0, run.output
    run = _run([str(bin_dir / "python"), "-c", "import cercles; print(cercles.__file__)"], cwd=tmp_path)
    assert str(venv) in run.stdout and str(REPO) not in run.stdout, "the wheel, not this checkout, is imported"

    run = _run([str(bin_dir / "cercles"), "init", "ma-ressourcerie", "--nom", "La Ressourcerie du Port"], cwd=tmp_path)
    assert run.status == 0, run.output
    project = tmp_path / "ma-ressourcerie"
    run = _run([str(bin_dir / "cercles"), "check", "--strict"], cwd=project)
    assert run.status == 1 and "mkdocs.yml: site_url: adresse du site absente" in run.output, "no address, no subscribing"
    hosted = {"SITE_URL": "https://ressourcerie-du-port.fr/"}  # what the README's deploy steps set
    run = _run([str(bin_dir / "cercles"), "check", "--strict"], cwd=project, env=hosted)
    assert run.status == 0 and "OK : 2 cercles, 0 actions, 1 moments." in run.stdout, run.output
    run = _run([str(bin_dir / "mkdocs"), "build", "--strict"], cwd=project, env=hosted)
    assert run.status == 0, run.output

    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/cercles.css"' in home and 'src="assets/images/cercles.svg"' in home
    assert OUR_CSS_RULE in (site / "assets" / "stylesheets" / "cercles.css").read_text(encoding="utf-8")
    agenda = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/javascripts/cercles.js" defer></script>' in agenda
    assert 'class="cercles-filtre"' in agenda and "Atelier découverte" in agenda
    assert "querySelectorAll" in (site / "assets" / "javascripts" / "cercles.js").read_text(encoding="utf-8")
    chart = (site / "cercles" / "index.html").read_text(encoding="utf-8")
    assert '<figure class="cercles-organigramme">' in chart
    assert "Bureau collégial" in visible_text(chart) and "Ateliers" in visible_text(chart)
    assert "Page introuvable" in (site / "404.html").read_text(encoding="utf-8"), "the French 404 is packaged too"
    moments = visible_text((site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    assert "annoncée à l'avance ou en début de réunion" in moments, "neutral wording by default"
    published = {path.relative_to(site).as_posix() for path in site.rglob("*")}
    assert not {"README.md", "theme/README.md", "personnes.yaml"} & published
    assert not any("Raffinerie" in path.read_text(encoding="utf-8", errors="replace")
                   for path in site.rglob("*") if path.suffix in {".html", ".css", ".js", ".ics"})

    # The installed `cercles check` reads mkdocs.yml as the installed MkDocs builds it, in each form.
    config = project / "mkdocs.yml"
    written = config.read_text(encoding="utf-8")
    block = "plugins:\n  - search:\n      lang: fr\n  - cercles:\n      timezone: Europe/Paris\n      horizon_months: 6\n"
    assert block in written
    variants = {
        "mapping-form plugins": (written.replace(block, "plugins:\n  search:\n    lang: fr\n  cercles:\n    timezone: Europe/Paris\n"), True),
        "mapping-form plugins, horizon out of range": (
            written.replace(block, "plugins:\n  search: {}\n  cercles:\n    horizon_months: 48\n"), False),
        "INHERIT": ("INHERIT: base.yml\n" + written.replace(block, ""), True),
        "!ENV with its default": (written.replace("timezone: Europe/Paris", "timezone: !ENV [CERCLES_TEST_ZONE, Europe/Paris]"), True),
        "!ENV unset, no default": (written.replace("timezone: Europe/Paris", "timezone: !ENV CERCLES_TEST_ZONE"), False),
    }
    (project / "base.yml").write_text(block, encoding="utf-8")
    for name, (text, valid) in variants.items():
        config.write_text(text, encoding="utf-8")
        check = _run([str(bin_dir / "cercles"), "check", "--strict"], cwd=project, env=hosted)
        build = _run([str(bin_dir / "mkdocs"), "build", "--strict"], cwd=project, env=hosted)
        assert (check.status == 0, build.status == 0) == (valid, valid), f"{name}: check {check.output} build {build.output}"
        assert "Traceback" not in check.output, name
        if not valid:
            assert check.stderr.startswith("mkdocs.yml"), f"{name}: {check.stderr}"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "asso").mkdir()
    (tmp_path / "asso" / "notes.txt").write_text("à garder\n", encoding="utf-8")
    run = run_command(["cercles", "init", "asso"], cwd=tmp_path)
    assert run.status == 1
    assert "asso : ce dossier n'est pas vide ; rien n'a été écrit" in run.stderr and "Traceback" not in run.output
    assert sorted(path.name for path in (tmp_path / "asso").iterdir()) == ["notes.txt"]


def test_an_organisation_replaces_a_page_template_and_a_kind_description(organisation_dir: Path) -> None:
    templates = organisation_dir / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "role.md.j2").write_text("{% from \"_macros.md.j2\" import holders with context %}\n"
                                          "# {{ role.name|md }}\n\n<p>Rôle tenu chez nous par {{ holders(role) }}.</p>\n"
                                          "**Contact** : le cercle.\n", encoding="utf-8")
    config = organisation_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  font: false\n", "  custom_dir: theme\n  font: false\n")
    text = text.replace("  - cercles\n", "  - cercles:\n      agenda_intro: Les rendez-vous de la Petite orga\n"
                                         "      kind_descriptions:\n        atelier: Nos ateliers du samedi.\n")
    config.write_text(text, encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    site = organisation_dir / "site"
    role = visible_text((site / "roles" / "jardin" / "coordination" / "index.html").read_text(encoding="utf-8"))
    assert "Rôle tenu chez nous par Alice." in role and "Redevabilités" not in role
    # Its own template may write Markdown anywhere, even right after an HTML block: Python-Markdown reads all of it.
    assert "<p><strong>Contact</strong> : le cercle.</p>" in (site / "roles" / "jardin" / "coordination" / "index.html").read_text(encoding="utf-8")
    agenda = visible_text((site / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert agenda.startswith("Agenda Les rendez-vous de la Petite orga, du ")
    moments = visible_text((site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    assert "Les ateliers Nos ateliers du samedi." in moments
    assert not (site / "templates").exists(), "the organisation's page templates are never published"


def test_a_kind_description_for_an_unknown_kind_is_refused_in_french(organisation_dir: Path) -> None:
    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - cercles\n", "  - cercles:\n      kind_descriptions:\n        interpole: Notre grand rendez-vous.\n"), encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 1
    assert "« interpole » n'est pas un type de moment (vouliez-vous dire « interpoles » ?)" in run.output
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1 and "kind_descriptions" in check.stderr and "vouliez-vous dire « interpoles »" in check.stderr


def test_the_packaged_pages_and_look_hold_nothing_of_la_raffinerie() -> None:
    packaged = [path for folder in ("pages", "site") for path in (REPO / "generator" / "cercles" / folder).rglob("*")
                if path.is_file() and path.suffix in {".py", ".j2", ".css", ".html", ".js", ".svg"}]
    assert len(packaged) > 10
    found = [(path.name, word) for path in packaged for word in ("Raffinerie", "Grist", "Fonctionner ensemble", "#1d5c63")
             if word in path.read_text(encoding="utf-8")]
    assert found == []


def test_a_broken_page_template_of_the_organisation_is_named_with_its_line(organisation_dir: Path) -> None:
    templates = organisation_dir / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "circle.md.j2").write_text("# {{ circle.name|md }}\n\n{{ circle.nom }}\n", encoding="utf-8")
    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  custom_dir: theme\n  font: false\n"),
                      encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 1 and "Traceback" not in run.output
    assert "theme/templates/circle.md.j2:3: modèle de page illisible en écrivant cercles/" in run.output
    assert "corrigez ce modèle, ou retirez-le pour revenir à celui de Cercles" in run.output
