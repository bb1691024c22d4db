"""``cercles check`` reads ``mkdocs.yml`` as ``mkdocs build --strict`` does, and says why in French.

Each case writes a config the way a user might, then runs both commands: they must agree (both
refuse or both accept), and check's message must name mkdocs.yml, the key and the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_command

PLUGINS = "plugins:\n  - search:\n      lang: fr\n  - cercles\n"


def configure(organisation_dir: Path, plugins: str, files: dict[str, str] | None = None) -> None:
    """Replace the fixture's ``plugins:`` block (and add side files such as an INHERIT parent)."""
    config = organisation_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert PLUGINS in text
    config.write_text(text.replace(PLUGINS, plugins), encoding="utf-8")
    for name, content in (files or {}).items():
        (organisation_dir / name).write_text(content, encoding="utf-8")


CASES = {
    "mapping-form plugins": (
        "plugins:\n  search:\n    lang: fr\n  cercles:\n    horizon_months: 12\n", {}, {}, None),
    "mapping-form plugins, horizon out of range": (
        "plugins:\n  search: {}\n  cercles:\n    horizon_months: 48\n", {}, {},
        "mkdocs.yml: plugins.cercles.horizon_months: attendu un nombre entier de mois entre 1 et 36, reçu « 48 » "
        "(par exemple « 6 »)"),
    "INHERIT": (
        "INHERIT: parent.yml\n", {"parent.yml": "plugins:\n  - search\n  - cercles:\n      timezone: Europe/Brussels\n"}, {}, None),
    "INHERIT, unknown timezone in the parent": (
        "INHERIT: parent.yml\n", {"parent.yml": "plugins:\n  - cercles:\n      timezone: Europe/Lutece\n"}, {},
        "mkdocs.yml: plugins.cercles.timezone: fuseau horaire « Europe/Lutece » inconnu "
        "(écrivez un nom de la base IANA, par exemple « Europe/Paris »)"),
    "!ENV set": (
        "plugins:\n  - cercles:\n      timezone: !ENV [CERCLES_FUSEAU, Europe/Paris]\n", {},
        {"CERCLES_FUSEAU": "America/Montreal"}, None),
    "!ENV set to a wrong zone": (
        "plugins:\n  - cercles:\n      timezone: !ENV [CERCLES_FUSEAU, Europe/Paris]\n", {},
        {"CERCLES_FUSEAU": "Paris"},
        "mkdocs.yml: plugins.cercles.timezone: fuseau horaire « Paris » inconnu "
        "(écrivez un nom de la base IANA, par exemple « Europe/Paris »)"),
    "!ENV unset, with a default": (
        "plugins:\n  - cercles:\n      timezone: !ENV [CERCLES_FUSEAU, Europe/Paris]\n", {}, {}, None),
    "!ENV unset, without a default": (
        "plugins:\n  - cercles:\n      timezone: !ENV CERCLES_FUSEAU\n", {}, {},
        "mkdocs.yml: plugins.cercles.timezone: fuseau horaire rien inconnu "
        "(écrivez un nom de la base IANA, par exemple « Europe/Paris »)"),
    "misspelt plugin key": (
        "plugins:\n  - cercles:\n      horizon_mois: 6\n", {}, {},
        "mkdocs.yml: plugins.cercles.horizon_mois: réglage inconnu du greffon cercles "
        "(vouliez-vous dire « horizon_months » ?)"),
    "wrong type": (
        "plugins:\n  - cercles:\n      horizon_months: six\n", {}, {},
        "mkdocs.yml: plugins.cercles.horizon_months: attendu un nombre entier de mois entre 1 et 36, reçu « six » "
        "(par exemple « 6 »)"),
    "cadence not understood": (
        "plugins:\n  - cercles:\n      cadences:\n        objectifs-prioritaires: chaque lune\n", {}, {},
        "mkdocs.yml: plugins.cercles.cadences: cadence « objectifs-prioritaires » : rythme « chaque lune » non compris"),
    "nav limit not positive": (
        "plugins:\n  - cercles:\n      nav_circles_limit: 0\n", {}, {},
        "mkdocs.yml: plugins.cercles.nav_circles_limit: attendu un nombre entier de cercles d'au moins 1, reçu « 0 »"),
    "unknown plugin": (
        "plugins:\n  - cercle\n", {}, {},
        "mkdocs.yml: plugins: configuration refusée par MkDocs : « The \"cercle\" plugin is not installed »"),
    "page addresses without folders": (
        PLUGINS + "use_directory_urls: false\n", {}, {},
        "mkdocs.yml: use_directory_urls: Cercles publie chaque page dans son propre dossier (/cercles/<id>/) et ses "
        "liens générés le supposent (retirez « use_directory_urls: false » de mkdocs.yml)"),
    "YAML syntax error": (
        "plugins: [cercles\n", {}, {},
        "mkdocs.yml: configuration refusée par MkDocs : « MkDocs encountered an error parsing the configuration file:"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_agree_on_the_config(case: str, organisation_dir: Path, tmp_path: Path) -> None:
    plugins, files, env, expected = CASES[case]
    configure(organisation_dir, plugins, files)
    check = run_command(["cercles", "check"], cwd=organisation_dir, env=env)
    build = run_command(["mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=organisation_dir, env=env)
    assert (check.status == 0) == (build.status == 0), (check.output, build.output)
    assert "Traceback" not in check.output
    if expected is None:
        assert check.status == 0 and check.stdout.startswith("OK : 3 cercles"), check.output
        assert check.stderr == ""
    else:
        assert check.status == 1 and check.stdout == ""
        assert check.stderr.startswith(expected), check.stderr
        assert check.stderr.count("\n") == 1, "one problem, no English log lines around it"


def test_settings_follow_inherit_and_env(organisation_dir: Path) -> None:
    """What check validated is what the build uses: the zone reaches the feed through INHERIT and !ENV."""
    configure(organisation_dir, "INHERIT: parent.yml\n",
              {"parent.yml": "plugins:\n  - cercles:\n      timezone: !ENV [CERCLES_FUSEAU, Europe/Paris]\n"})
    build = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env={"CERCLES_FUSEAU": "America/Montreal"})
    assert build.status == 0, build.output
    feed = (organisation_dir / "site" / "agenda.ics").read_text(encoding="utf-8")
    assert "X-WR-TIMEZONE:America/Montreal" in feed


def test_a_config_without_the_plugin_is_refused(organisation_dir: Path) -> None:
    configure(organisation_dir, "plugins:\n  - search\n")
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert check.status == 1
    assert check.stderr == "mkdocs.yml: plugins: le greffon cercles n'est pas déclaré (ajoutez « - cercles » sous « plugins: »)\n"


def test_argument_errors_are_french(organisation_dir: Path) -> None:
    typo = run_command(["cercles", "chek"], cwd=organisation_dir)
    assert typo.status == 2
    assert typo.stderr.splitlines() == ["utilisation : cercles [-h] [--config CONFIG] commande ...",
                                        "cercles: commande: « chek » inconnu (vouliez-vous dire « check » ?)"]
    missing = run_command(["cercles", "members-feed"], cwd=organisation_dir)
    assert missing.status == 2
    assert missing.stderr.splitlines()[-1] == ("cercles members-feed: --out: argument obligatoire absent "
                                               "(voir « cercles members-feed --help »)")
    assert "utilisation : cercles" in run_command(["cercles", "--help"], cwd=organisation_dir).stdout



def test_the_config_option_works_before_or_after_the_command(organisation_dir: Path, tmp_path: Path) -> None:
    """« cercles check --config … » is how people type it; both places name the same file."""
    config = str(organisation_dir / "mkdocs.yml")
    for args in (["cercles", "--config", config, "check"], ["cercles", "check", "--config", config]):
        run = run_command(args, cwd=tmp_path)  # run from elsewhere: only --config finds the project
        assert run.status == 0 and "OK : 3 cercles" in run.stdout, run.output
    missing = run_command(["cercles", "check", "--config", "ailleurs/mkdocs.yml"], cwd=organisation_dir)
    assert missing.status == 1
    assert missing.stderr.startswith("ailleurs/mkdocs.yml: fichier de configuration introuvable"), missing.stderr
