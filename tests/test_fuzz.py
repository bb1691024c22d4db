"""Random and mutated sources: every run ends in a valid model or reported problems, never a crash."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from cercles.sources.format import FORMS
from cercles.sources.moments import read_moment
from cercles.sources.problems import Problem, SourceError
from cercles.model import Organisation
from cercles.sources.circles import Calendar, read_circle
from cercles.rules.organisation import validate
from cercles.sources.yamlio import load_text

CALENDAR = Calendar(timezone=ZoneInfo("Europe/Paris"), cadences={"objectifs-prioritaires": "chaque trimestre"})
KEYS = sorted({key for form in FORMS for key in form.keys})
VALID_SOURCES = [path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "petite-orga").rglob("*.yaml"))]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=40),
    st.sampled_from(["projet", "support", "bureau", "public", "interne", "dernier lundi du mois", "chaque mercredi",
                     "2027-01-25 18:30", "2027-02-30 10:00", "2027-03-28 02:30", "1h30", "18:30", "RRULE:FREQ=DAILY",
                     "jardin", "coordination", "alice"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
documents = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                                              st.dictionaries(keys, children, max_size=8)), max_leaves=30)
circle_like = st.dictionaries(st.sampled_from(KEYS), documents, max_size=12)


def read_everything(text: str) -> list[Problem]:
    """Run the reader, the schemas and the cross-file rules as a build would; return the problems."""
    problems: list[Problem] = []
    try:
        tree = load_text(text, "circles/fuzz.yaml")
    except SourceError as error:
        assert error.problems, "a SourceError always carries at least one problem"
        return error.problems
    circle = read_circle(tree, "fuzz", problems, CALENDAR)
    moment = read_moment(tree, "fuzz", problems, timezone=CALENDAR.timezone, cadences=CALENDAR.cadences)
    organisation = Organisation(circles=(circle,) if circle else (), moments=(moment,) if moment else ())
    problems.extend(validate(organisation))
    for problem in problems:
        assert str(problem).startswith("circles/"), problem
    return problems


@FUZZ
@given(circle_like)
def test_random_documents_never_crash(document: dict[str, object]) -> None:
    read_everything(yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(st.sampled_from(VALID_SOURCES), st.data())
def test_mutated_valid_sources_never_crash(source: str, data: st.DataObject) -> None:
    text = source
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap-indent"]))
        if action == "insert":
            text = text[:position] + data.draw(st.text(st.sampled_from(" \t:-[]{}&*!|>#'\"\n,?%@`x1é"), max_size=6)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 20)):]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            index = position % max(len(lines), 1)
            text = "".join(lines[: index + 1] + lines[index:])
        else:
            text = text.replace("  ", "\t", 1) if data.draw(st.booleans()) else text.replace("  ", " ", 1)
    read_everything(text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    read_everything(text)


def test_the_harness_reads_a_valid_moment_without_problems() -> None:
    """The harness itself: a valid source yields a moment and no problem, so the crashes above are real."""
    text = (FIXTURES / "petite-orga" / "content" / "agenda" / "troc-de-graines.yaml").read_text(encoding="utf-8")
    problems: list[Problem] = []
    moment = read_moment(load_text(text, "content/agenda/troc-de-graines.yaml"), "troc-de-graines", problems,
                         timezone=CALENDAR.timezone, cadences=CALENDAR.cadences)
    assert problems == []
    assert moment is not None and moment.title == "Troc de graines"
