"""Finding circles as a newcomer does: by name in the sidebar, and on the chart, on a desktop and a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import REPO
from cercles.model import CircleType, Organisation
from cercles.site.config import load_site_config
from cercles.sources.load import load_organisation
from tests.browser.conftest import DESKTOP, MOBILE, Visit
from tests.browser.test_accessibility import BLOCKING, SCHEMES, audit, describe

SMALLEST_READABLE_PX = 12


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    """La Raffinerie's organisation, read as the site's build reads it."""
    return load_organisation(load_site_config(REPO / "mkdocs.yml").settings).organisation


def test_every_circle_is_reachable_by_name_from_the_sidebar(visit: Visit, organisation: Organisation) -> None:
    """From the home page, open « Cercles », then each type's section: every circle is a link under its own name."""
    sidebar = visit.page.locator("nav.md-nav--primary")
    reached = []
    for circle_type in CircleType:
        circles = organisation.circles_of_type(circle_type)
        if not circles:
            continue
        visit.open("/")
        sidebar.get_by_role("link", name="Cercles", exact=True).click()
        sidebar.get_by_role("link", name=circle_type.plural, exact=True).click()
        visit.page.wait_for_load_state()
        for circle in circles:  # a circle may bear its type's name (« Bureau collégial »): its address tells them apart
            link = sidebar.get_by_role("link", name=circle.name, exact=True).and_(sidebar.locator(f'a[href$="/{circle.id}/"]'))
            assert link.is_visible(), f"{circle.name} under « {circle_type.plural} »"
        first = circles[0]
        sidebar.get_by_role("link", name=first.name, exact=True).and_(sidebar.locator(f'a[href$="/{first.id}/"]')).click()
        visit.page.wait_for_url(f"**/cercles/{first.id}/")
        assert visit.page.locator("article h1").inner_text().startswith(first.name)
        reached += [circle.name for circle in circles]
    assert sorted(reached) == sorted(circle.name for circle in organisation.circles)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_chart_shapes_are_named_links_and_axe_finds_no_barrier(new_visit: Callable[..., Visit], scheme: str,
                                                                     organisation: Organisation) -> None:
    visit = new_visit(viewport=DESKTOP, color_scheme=SCHEMES[scheme][0])
    violations = audit(visit, "/cercles/")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    chart = visit.page.locator("figure.cercles-organigramme")
    assert chart.locator("svg.cercles-organigramme__dessin--large").is_visible()
    names = [circle.name for circle in organisation.circles] + [a.name for c in organisation.circles for a in c.actions]
    for name in [*names, "Interpôles"]:
        link = chart.get_by_role("link", name=name, exact=True).first
        assert link.is_visible(), name
    unnamed = chart.locator("svg:visible a").evaluate_all(
        "links => links.filter(a => !a.getAttribute('href') || !a.getAttribute('aria-label')).length")
    assert unnamed == 0
    # Following a shape leads to the circle's page.
    chart.get_by_role("link", name="Nourrir", exact=True).click()
    visit.page.wait_for_url("**/cercles/nourrir/")


def test_the_chart_fits_a_phone_screen_in_readable_type(new_visit: Callable[..., Visit]) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    visit.open("/cercles/")
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    drawing = visit.page.locator("figure.cercles-organigramme svg:visible")
    assert drawing.count() == 1 and "etroit" in (drawing.get_attribute("class") or "")
    measures = drawing.evaluate("""svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const texts = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
        const right = Math.max(...[...svg.querySelectorAll('a')].map(a => a.getBoundingClientRect().right));
        return {smallest: Math.min(...texts), right};
    }""")
    assert measures["smallest"] >= SMALLEST_READABLE_PX, measures
    assert measures["right"] <= MOBILE["width"], measures
