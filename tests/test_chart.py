"""The organisation chart of /cercles/: an SVG whose shapes are named links, laid out as the structure is."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import FIXTURES
from cercles import paths
from cercles.model import CircleType, Organisation, Visibility
from cercles.pages.chart import NARROW, WIDE, organisation_chart
from cercles.settings import Settings
from cercles.sources.load import load_organisation

SVG = "{http://www.w3.org/2000/svg}"
NARROWEST_FIGURE_PX = 343
"""The figure's width on a 375 px screen (Material's 16 px margins)."""
WIDE_FROM_PX = 640
"""The figure width from which cercles.css shows the wide drawing."""


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    return load_organisation(Settings(root=FIXTURES / "petite-orga")).organisation


def drawings(organisation: Organisation) -> dict[str, ElementTree.Element]:
    """The chart's drawings by variant name, parsed as XML (which also proves the markup well formed)."""
    figure = ElementTree.fromstring(str(organisation_chart(organisation, paths.CIRCLES_INDEX)))
    assert figure.tag == "figure"
    found = {}
    for svg in figure.findall(f"{SVG}svg"):
        variant = re.search(r"--(\w+)", svg.get("class", ""))
        assert variant is not None
        found[variant.group(1)] = svg
    assert set(found) == {WIDE.name, NARROW.name}
    return found


def links(element: ElementTree.Element) -> list[ElementTree.Element]:
    return list(element.iter(f"{SVG}a"))


def box(link: ElementTree.Element) -> tuple[float, float, float, float]:
    """x, y, right, bottom of a link's first shape."""
    rect = link.find(f"{SVG}rect")
    assert rect is not None
    x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
    return x, y, x + float(rect.get("width", "0")), y + float(rect.get("height", "0"))


@pytest.mark.parametrize("variant", [WIDE.name, NARROW.name])
def test_every_circle_and_action_is_a_named_link_inside_its_circle(organisation: Organisation, variant: str) -> None:
    svg = drawings(organisation)[variant]
    assert svg.get("role") == "group" and svg.get("aria-labelledby")
    for circle in organisation.circles:
        group = svg.find(f".//{SVG}g[@data-cercle='{circle.id}']")
        assert group is not None, circle.id
        named = {link.get("aria-label"): link for link in links(group)}
        circle_link = named[circle.name]
        assert circle_link.get("href") == paths.relative_url(paths.CIRCLES_INDEX, paths.circle_page(circle))
        assert circle_link.findtext(f"{SVG}title", "").startswith(circle.name)
        assert circle.name in "".join(circle_link.itertext())
        left, top, right, bottom = box(circle_link)
        for action in circle.actions:
            action_link = named[action.name]  # in the circle's own group
            assert action_link.get("href") == paths.relative_url(paths.CIRCLES_INDEX, paths.action_page(action))
            assert action_link.findtext(f"{SVG}title", "").startswith(action.name)
            a_left, a_top, a_right, a_bottom = box(action_link)
            assert left < a_left and a_right < right and top < a_top and a_bottom < bottom, "drawn inside its circle"
    actions = sum(len(circle.actions) for circle in organisation.circles)
    assert actions == 1
    unnamed = [link for link in links(svg) if not link.get("aria-label") or link.find(f"{SVG}title") is None]
    assert not unnamed


@pytest.mark.parametrize("variant", [WIDE.name, NARROW.name])
def test_the_bureau_is_the_recourse_and_the_interpoles_touches_every_circle(organisation: Organisation, variant: str) -> None:
    svg = drawings(organisation)[variant]
    bureau = next(c for c in organisation.circles if c.type is CircleType.BUREAU)
    bureau_link = next(link for link in links(svg) if link.get("aria-label") == bureau.name)
    frame = svg.find(f"{SVG}rect[@class='cercles-organigramme__recours']")
    assert frame is not None and frame.get("aria-hidden") == "true"
    assert box(bureau_link)[3] < float(frame.get("y", "0")), "the bureau is apart, above the frame of the other circles"
    assert "recours" in [text.strip() for text in svg.itertext()]
    interpoles = [link for link in links(svg) if link.get("aria-label") == "Interpôles"]
    assert interpoles and all(link.get("href") == "../gouvernance/moments/" for link in interpoles)
    assert "Interpôles" in "".join(interpoles[0].itertext())
    band_left, band_top, band_right, band_bottom = box(next(link for link in interpoles if "bande" in link.get("class", "")))
    for circle in organisation.circles:
        if circle.type is CircleType.BUREAU:
            continue
        circle_link = next(link for link in links(svg) if link.get("aria-label") == circle.name)
        left, top, right, bottom = box(circle_link)
        assert right == band_left or left == band_right, f"{circle.name} touches the Interpôles"
        assert band_top <= top and bottom <= band_bottom


def test_without_an_interpoles_the_public_may_know_there_is_no_band(organisation: Organisation) -> None:
    confidential = tuple(dataclasses.replace(moment, visibility=Visibility.CONFIDENTIAL) for moment in organisation.moments)
    for changed in (dataclasses.replace(organisation, moments=()), dataclasses.replace(organisation, moments=confidential)):
        chart = str(organisation_chart(changed, paths.CIRCLES_INDEX))
        assert "Interpôles" not in chart
        assert "Jardin" in chart and "recours" in chart


def test_names_are_escaped_and_read_as_typed(organisation: Organisation) -> None:
    name = 'Atelier <b>"vélo" & co</b>'
    circles = tuple(dataclasses.replace(circle, name=name) if circle.id == "jardin" else circle for circle in organisation.circles)
    chart = str(organisation_chart(dataclasses.replace(organisation, circles=circles), paths.CIRCLES_INDEX))
    assert "<b>" not in chart
    for svg in drawings(dataclasses.replace(organisation, circles=circles)).values():
        assert name in [link.get("aria-label") for link in links(svg)]
        assert name in " ".join(" ".join(svg.itertext()).split()), "shown as typed, over one line or more"


def test_text_stays_readable_at_the_width_each_drawing_is_shown(organisation: Organisation) -> None:
    """12 px at least: the narrow drawing on a 375 px phone, the wide one from the width it appears at."""
    shown_from = {WIDE.name: WIDE_FROM_PX, NARROW.name: NARROWEST_FIGURE_PX}
    for variant, svg in drawings(organisation).items():
        view_width = float(svg.get("viewBox", "").split()[2])
        sizes = {float(text.get("font-size", "0")) for text in svg.iter(f"{SVG}text")}
        assert sizes and min(sizes) * shown_from[variant] / view_width >= 12, (variant, sorted(sizes))
