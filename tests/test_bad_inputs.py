"""The catalogue of bad inputs (tests/bad_inputs/): each mistake, and the exact message a volunteer reads.

Every case folder is overlaid onto a copy of the petite-orga fixture; ``cercles check`` must then
fail with status 1, print every line of the case's ``expected.txt`` verbatim on stderr, and never
a traceback. The expected lines themselves are checked for the shape every message must have:
the file's path, the line (where YAML gives one), the field (where there is one) and a hint.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, run_command

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
MINIMUM_CASES = 32
RESERVED = {"expected.txt", "remove.txt"}
"""Files of a case folder that describe the case instead of being copied into the organisation."""

TEN_MEGABYTES = 10 * 1024 * 1024


def write_ten_megabyte_circle(path: Path) -> None:
    """A circle file padded to exactly 10 MiB: too big to commit, so written by the test."""
    head = (FIXTURES / "petite-orga" / "circles" / "outils.yaml").read_bytes() + b"# "
    path.write_bytes(head + b"x" * (TEN_MEGABYTES - len(head) - 1) + b"\n")


GENERATED: dict[str, tuple[str, Callable[[Path], None]]] = {
    "33-fichier-de-10-mo": ("circles/outils.yaml", write_ten_megabyte_circle),
}
"""Cases whose bad file is written by the test: folder → (path in the organisation, writer)."""

WITHOUT_LINE = {
    "03-fichier-vide": "an empty file has no line",
    "13-nom-de-fichier-avec-espace": "the file name is wrong, not its content",
    "14-nom-de-fichier-majuscule-accent": "the file name is wrong, not its content",
    "19-fichiers-en-collision-casse": "two file names collide",
    "20-fichiers-en-collision-accent": "two file names collide",
    "33-fichier-de-10-mo": "the file is refused before it is read",
}
WITHOUT_FIELD = {
    **WITHOUT_LINE,
    "01-yaml-mal-forme": "YAML syntax: no field can be read",
    "02-tabulation": "YAML syntax: no field can be read",
    "04-pas-utf8": "the bytes cannot be decoded",
    "05-bom": "the bytes before the first field",
    "31-bombe-d-alias": "refused while parsing, before any field exists",
    "35-liste-au-sommet": "the whole file has the wrong shape",
    "44-caractere-nul": "YAML cannot read it: refused before parsing, at its exact position",
    "47-separateur-de-ligne": "YAML would read it as a line break: refused before parsing",
    "49-tabulation-verticale": "YAML cannot read it: refused before parsing, at its exact position",
    "56-imbrication-profonde": "refused while parsing, before any field exists",
}
assert set(GENERATED) | set(WITHOUT_FIELD) <= set(CASES), "a case named here has no folder"

COUNT_LINE = re.compile(r"^\d+ erreur\(s\), \d+ avertissement\(s\)\.$")
MESSAGE_LINE = re.compile(
    r"^(?P<path>[^:]+?)(?::(?P<line>\d+):(?P<column>\d+))?: "
    r"(?:(?P<field>[a-z_][a-z0-9_]*(?:\[\d+\])*(?:\.[a-z_][a-z0-9_]*(?:\[\d+\])*)*): )?"
    r"(?P<message>.+) \((?P<hint>.+)\)$"
)


def expected_lines(case: str) -> list[str]:
    text = (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def case_files(case: str) -> set[str]:
    """The organisation-relative paths a case writes: its overlaid and generated files."""
    folder = CASES_DIR / case
    overlaid = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()} - RESERVED
    return overlaid | ({GENERATED[case][0]} if case in GENERATED else set())


def build_case(case: str, organisation: Path) -> Path:
    """Apply a case to a fresh copy of petite-orga: delete what remove.txt lists, then overlay."""
    folder = CASES_DIR / case
    removals = folder / "remove.txt"
    if removals.is_file():
        for relative in removals.read_text(encoding="utf-8").splitlines():
            if relative.strip():
                (organisation / relative.strip()).unlink()
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder).as_posix()
        if source.is_file() and relative not in RESERVED:
            target = organisation / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    if case in GENERATED:
        relative, write = GENERATED[case]
        write(organisation / relative)
    return organisation


def test_the_catalogue_has_enough_cases() -> None:
    assert len(CASES) >= MINIMUM_CASES, CASES


@pytest.mark.parametrize("case", CASES)
def test_expected_messages_name_file_line_field_and_fix(case: str) -> None:
    lines = expected_lines(case)
    messages = [line for line in lines if not COUNT_LINE.match(line)]
    assert messages, f"{case}/expected.txt holds no message"
    for line in messages:
        match = MESSAGE_LINE.match(line)
        assert match, f"not « chemin:ligne:colonne: champ: message (conseil) »: {line}"
        assert match["path"].startswith(("circles/", "content/agenda/", "personnes.yaml")), line
        assert match["path"] in case_files(case), f"the message must name the file the case changes: {line}"
        assert (match["line"] is not None) == (case not in WITHOUT_LINE), f"line number: {line}"
        assert (match["field"] is not None) == (case not in WITHOUT_FIELD), f"field name: {line}"
        assert match["hint"].strip(), f"hint in parentheses: {line}"


@pytest.mark.parametrize("case", CASES)
def test_cercles_check_prints_the_expected_message(case: str, organisation_dir: Path) -> None:
    build_case(case, organisation_dir)
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert "Traceback" not in run.output, run.output
    assert run.status == 1, run.output
    reported = run.stderr.splitlines()
    missing = [line for line in expected_lines(case) if line not in reported]
    assert not missing, "expected:\n" + "\n".join(missing) + "\n\nactual stderr:\n" + run.stderr


@pytest.mark.parametrize("case", ["05-bom", "25-cycle-de-parents", "28-heure-d-ete-inexistante"])
def test_mkdocs_build_strict_stops_with_the_same_message(case: str, organisation_dir: Path) -> None:
    build_case(case, organisation_dir)
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert "Traceback" not in run.output, run.output
    assert run.status == 1, run.output
    reported = run.output.splitlines()
    for line in expected_lines(case):
        assert line in reported, f"expected: {line}\n\nactual output:\n{run.output}"
    assert not (organisation_dir / "site").exists(), "a failed build must not write the site"
