"""Generated pages of the small fixture organisation, as a reader sees them once built."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import run_command


def visible_text(html: str) -> str:
    """The article's text with tags removed, as read on screen."""
    article = html[html.index("<article"): html.index("</article>")]
    inline_removed = re.sub(r"</?(?:a|em|strong|span|code)\b[^>]*>", "", article)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline_removed)).split())


@pytest.fixture
def built(organisation_dir: Path) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    return organisation_dir / "site"


def test_a_circle_page_shows_its_purpose_roles_and_actions(built: Path) -> None:
    text = visible_text((built / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8"))
    assert "Raison d'être Faire pousser des tomates avec le quartier." in text
    assert "Jardinier·e en chef · coordination — titulaires : Alice" in text
    assert "Compost partagé — Transformer les épluchures du quartier en terreau." in text
    assert "Rythme : dernier jeudi du mois." in text
    assert "Code analytique : J-01" in text


def test_a_role_page_lists_its_accountabilities(built: Path) -> None:
    html = (built / "roles" / "jardin" / "coordination" / "index.html").read_text(encoding="utf-8")
    assert "<li>Arroser les semis chaque matin</li>" in html
    assert "<li>Tenir le calendrier des plantations</li>" in html
    assert 'href="../../../cercles/jardin/"' in html


def test_an_action_page_names_its_parent_and_referent(built: Path) -> None:
    text = visible_text((built / "cercles" / "jardin" / "compost" / "index.html").read_text(encoding="utf-8"))
    assert "Action du cercle Jardin." in text
    assert "Maître·sse composteur·euse · référent·e — titulaires : Bob" in text


def test_the_chart_names_every_circle_and_action(built: Path) -> None:
    html = (built / "cercles" / "index.html").read_text(encoding="utf-8")
    chart = html[html.index('<figure class="cercles-organigramme"'): html.index("</figure>")]
    for link, name in [("bureau/", "Le Bureau"), ("jardin/", "Jardin"), ("outils/", "Outils"), ("jardin/compost/", "Compost partagé")]:
        assert re.search(f'<a href="{re.escape(link)}" class="[^"]+" aria-label="{re.escape(name)}">', chart), name
        assert (built / "cercles" / link / "index.html").is_file(), "the chart's links are the pages' addresses"


def test_who_does_what_lists_roles_and_domains(built: Path) -> None:
    text = visible_text((built / "roles" / "index.html").read_text(encoding="utf-8"))
    assert "Gardien·ne des outils coordination Chloé" in text
    assert "Les parcelles du jardin Jardin" in text
    assert "Règles de prêt des outils Outils" in text


def test_navigation_groups_circles_by_type_in_french(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    assert nav.index("Bureau collégial") < nav.index("Cercles projets") < nav.index("Cercles supports")


def test_missing_facts_are_for_editors_not_visitors(organisation_dir: Path) -> None:
    """A gap is listed by ``cercles check`` and summed up in one build line, never shown as « à préciser »."""
    circle = organisation_dir / "circles" / "outils.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace('code_analytique: "O-02"\n', ""), encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    text = visible_text((organisation_dir / "site" / "cercles" / "outils" / "index.html").read_text(encoding="utf-8"))
    assert "Règles de prêt des outils" in text
    assert "Code analytique" not in text and "préciser" not in text
    for page in (organisation_dir / "site").rglob("*.html"):
        assert "à préciser" not in page.read_text(encoding="utf-8").lower(), page
    assert "Cercles : 1 point(s) à compléter dans les sources ; « cercles check » les liste." in run.output
    assert "code analytique à préciser" not in run.output, "one summary line, not one line per gap"
    check = run_command(["cercles", "check"], cwd=organisation_dir)
    assert "circles/outils.yaml:2:1: code_analytique: code analytique à préciser" in check.stdout


def test_a_failed_build_names_the_problem_without_traceback(organisation_dir: Path) -> None:
    circle = organisation_dir / "circles" / "outils.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace("type: support", "type: autre"), encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 1
    assert "circles/outils.yaml:3:7: type: valeur « autre » inconnue (valeurs possibles : bureau, projet, support)" in run.output
    assert "Traceback" not in run.output


def test_relative_links_match_posixpath_relpath_for_every_kind_of_page() -> None:
    """Links are computed on strings for speed; they must equal what the standard library gives."""
    import itertools
    import posixpath

    from cercles.paths import relative_link

    pages = ["index.md", "agenda/index.md", "cercles/index.md", "cercles/a/index.md", "cercles/a/x.md",
             "roles/a/b.md", "roles/index.md", "gouvernance/moments.md", "agenda.ics", "agenda/a.ics", "cercles/ab/index.md"]
    for source, target in itertools.product(pages, pages):
        assert relative_link(source, target) == posixpath.relpath(target, posixpath.dirname(source) or "."), (source, target)


def _nav_links(html: str) -> list[str]:
    """Links of Material's primary (site) navigation, which ends where the page's own TOC begins."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    return re.findall(r'href="([^"]+)"', html[start:html.index('md-nav--secondary', start)])


def test_nav_lists_circles_by_type_up_to_the_limit_and_only_the_index_above(organisation_dir: Path) -> None:
    """Above ``nav_circles_limit`` the nav no longer grows with the organisation (a linear build)."""
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    assert "not included in the \"nav\"" not in run.output  # role and action pages are NOT_IN_NAV
    home = (organisation_dir / "site" / "index.html").read_text(encoding="utf-8")
    assert "cercles/jardin/" in _nav_links(home)

    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - cercles\n", "  - cercles:\n      nav_circles_limit: 2\n"),
                      encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert run.status == 0, run.output
    home = (organisation_dir / "site" / "index.html").read_text(encoding="utf-8")
    assert not [link for link in _nav_links(home) if "cercles/jardin" in link]
    circles_index = (organisation_dir / "site" / "cercles" / "index.html").read_text(encoding="utf-8")
    assert 'href="jardin/"' in circles_index  # still one click from the circles index
    jardin = (organisation_dir / "site" / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8")
    assert 'href="../#projet"' in jardin  # and the circle page links back to its type
