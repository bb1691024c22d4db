"""Every reference to another page of the site, in the hand-written pages, is a link.

A reader who meets « voir l'Agenda » or « la page Cercles » wants to click it. The names of the
site's sections come from the nav of ``mkdocs.yml`` and the titles of the governance pages; a
page reference is one of those names used as a name (capitalised mid-sentence, after « page »,
or after « voir »). Text inside a Markdown link does not count.
"""

from __future__ import annotations

import re

import yaml

from conftest import REPO

CONTENT = REPO / "content"
LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def page_names() -> list[str]:
    """Nav titles (« Agenda », « Qui fait quoi »…) and the governance pages' titles without article."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = {next(iter(item)) for item in config["nav"] if isinstance(item, dict)}
    for page in (CONTENT / "gouvernance").glob("*.md"):
        title = re.search(r"^title: (.+)$", page.read_text(encoding="utf-8"), re.M)
        if title:
            names.add(re.sub(r"^(?:les |la |le |l'|nos |notre )", "", title.group(1), flags=re.I))
    names.add("moments")  # « Les moments », the generated governance page
    return sorted(names - {"Accueil"}, key=len, reverse=True)


def plain_references(markdown: str, names: list[str]) -> list[str]:
    """Page names used as references outside links, in one page's Markdown."""
    body = FRONT_MATTER.sub("", markdown)
    found = []
    for line in body.splitlines():
        if line.lstrip().startswith("#"):
            continue  # headings name their own section
        text = LINK.sub("", line)
        for name in names:
            escaped = re.escape(name)
            capitalised = rf"(?<=[a-zà-ÿ,;:'’] ){escaped}\b|(?<=[lL]'){escaped}\b"
            introduced = rf"\b(?:page|voir)\s+(?:les |la |le |l'|nos |notre )?{re.escape(name.lower())}\b"
            if (name[0].isupper() and re.search(capitalised, text)) or re.search(introduced, text, re.I):
                found.append(f"{name} : {line.strip()}")
    return found


def test_the_detector_catches_the_slips_it_is_meant_for() -> None:
    names = page_names()
    assert "Agenda" in names and "Cercles" in names and "moments" in names
    assert plain_references("Les ateliers sont annoncés dans l'Agenda.", names)
    assert plain_references("La liste est disponible sur la page Cercles.", names)
    assert plain_references("L'Agenda propose des flux.", names)
    assert plain_references("Pour aller plus loin, voir les tensions.", names)
    assert not plain_references("Annoncés dans [l'Agenda](agenda/index.md), voir [les tensions](tensions.md).", names)
    assert not plain_references("Les tensions sont des signaux utiles.", names)


def test_every_reference_to_a_site_page_in_content_is_a_link() -> None:
    names = page_names()
    problems = []
    for page in sorted(CONTENT.rglob("*.md")):
        for reference in plain_references(page.read_text(encoding="utf-8"), names):
            problems.append(f"{page.relative_to(REPO)}: {reference}")
    assert not problems, "\n".join(problems)
