"""Subscribing needs the site's public address: check and build warn (strict fails) without a real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_command
from cercles.rules.outputs import is_placeholder_url

EXAMPLE = "mkdocs.yml: site_url: « https://petite.example/ » est une adresse d'exemple ou locale"
MISSING = "mkdocs.yml: site_url: adresse du site absente : l'agenda ne peut proposer ni abonnement, ni QR code"


def set_site_url(organisation_dir: Path, line: str) -> None:
    config = organisation_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://petite-orga.fr/\n", line), encoding="utf-8")


@pytest.mark.parametrize(("line", "expected"), [("site_url: https://petite.example/\n", EXAMPLE), ("", MISSING)])
def test_check_warns_and_strict_refuses_an_example_or_missing_address(organisation_dir: Path, line: str, expected: str) -> None:
    set_site_url(organisation_dir, line)
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0 and expected in run.stdout, run.output
    assert "SITE_URL" in run.stdout and "[avertissement]" in run.stdout
    strict = run_command(["cercles", "check", "--strict"], cwd=organisation_dir)
    assert strict.status == 1 and expected in strict.output


@pytest.mark.parametrize(("line", "expected"), [("site_url: https://petite.example/\n", EXAMPLE), ("", MISSING)])
def test_a_strict_build_fails_on_an_example_or_missing_address(organisation_dir: Path, line: str, expected: str) -> None:
    set_site_url(organisation_dir, line)
    strict = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir)
    assert strict.status == 1 and f"WARNING -  {expected}" in strict.output, strict.output
    assert not (organisation_dir / "site").exists(), "a refused build publishes nothing"
    assert run_command(["mkdocs", "build"], cwd=organisation_dir).status == 0


def test_the_address_given_by_the_environment_satisfies_check(organisation_dir: Path) -> None:
    set_site_url(organisation_dir, "site_url: !ENV [SITE_URL, 'https://petite.example/']\n")
    assert EXAMPLE in run_command(["cercles", "check", "--strict"], cwd=organisation_dir).output
    run = run_command(["cercles", "check", "--strict"], cwd=organisation_dir, env={"SITE_URL": "https://petite-orga.fr/"})
    assert run.status == 0 and "site_url" not in run.output, run.output


@pytest.mark.parametrize("url", ["https://wiki.laraffinerie.example/", "https://example.org/", "http://www.example.com/x/",
                                 "http://localhost:8000/", "http://127.0.0.1:8000/", "http://[::1]/", "https://asso.test/",
                                 "https://site.invalid/", "https://EXAMPLE.NET./"])
def test_example_test_and_local_hosts_are_placeholders(url: str) -> None:
    assert is_placeholder_url(url)


@pytest.mark.parametrize("url", ["https://laraffinerie.gitlab.io/wiki/", "https://counterexample.org/", "https://example.fr/",
                                 "https://192.0.2.10/"])
def test_hosted_addresses_are_not_placeholders(url: str) -> None:
    assert not is_placeholder_url(url)
