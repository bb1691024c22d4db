"""The package stays fully typed and free of unused names: ``mypy --strict`` and pyflakes, as CI runs them.

Both read the settings in ``pyproject.toml`` (``[tool.mypy]``): the only exemption is calling
untyped functions of MkDocs, icalendar and PyYAML, which ship without annotations.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_command


def test_mypy_strict_finds_nothing_in_the_package() -> None:
    run = run_command(["python", "-m", "mypy", "--no-incremental"], cwd=REPO)
    assert run.status == 0, run.output
    assert "Success: no issues found" in run.stdout


def test_pyflakes_finds_nothing_in_the_package_tests_and_benchmarks() -> None:
    run = run_command(["python", "-m", "pyflakes", "generator", "tests", "benchmarks"], cwd=REPO)
    assert run.status == 0 and run.output == "", run.output


def test_the_typing_check_reads_the_package_it_claims_to(tmp_path: Path) -> None:
    """mypy is pointed at ``cercles``: a planted type error in a copy is reported, so a pass means something."""
    copy = tmp_path / "cercles"
    copy.mkdir()
    (copy / "__init__.py").write_text('def half(value: int) -> int:\n    return value / 2\n', encoding="utf-8")
    run = run_command(["python", "-m", "mypy", "--strict", "--no-incremental", "-p", "cercles"], cwd=tmp_path)
    assert run.status == 1 and 'Incompatible return value type (got "float", expected "int")' in run.stdout
