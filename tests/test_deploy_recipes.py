"""The shipped GitHub and GitLab Pages pipelines check the sources strictly, then build what they publish."""

from __future__ import annotations

import pytest
import yaml

from cercles.site.config import load_site_config

from conftest import REPO


def test_github_pages_workflow_checks_then_builds_and_publishes_the_built_folder() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["construire"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands.index("cercles check --strict") < commands.index("mkdocs build --strict --site-dir site")
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["jobs"]["publier"]["needs"] == "construire"


def test_gitlab_pages_job_checks_then_builds_into_public() -> None:
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["pages"]
    assert job["script"] == ["cercles check --strict", "mkdocs build --strict --site-dir public"]
    assert job["artifacts"]["paths"] == ["public"]  # GitLab Pages publishes only a folder named public
    assert pipeline["variables"]["GIT_DEPTH"] == "0"


SECRET = "CERCLES_SECRET_MEMBRES"


def test_github_pages_passes_the_members_secret_from_the_repository_secrets_to_check_and_build() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = {step["run"]: step for step in workflow["jobs"]["construire"]["steps"] if "run" in step}
    for command in ("cercles check --strict", "mkdocs build --strict --site-dir site"):
        assert steps[command]["env"][SECRET] == "${{ secrets.CERCLES_SECRET_MEMBRES }}"
    assert SECRET not in workflow.get("env", {}), "a workflow-level value would be a secret written in the repository"


def test_gitlab_pages_leaves_the_members_secret_to_a_masked_ci_variable() -> None:
    text = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    pipeline = yaml.safe_load(text)
    assert SECRET not in pipeline["variables"] and SECRET not in pipeline["pages"].get("variables", {})
    assert f"Add variable {SECRET}" in text and '"Masked"' in text  # the recipe says where the secret goes


def test_github_pages_workflow_gives_the_check_and_the_build_the_pages_address() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["construire"]["steps"]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages"))
    for command in ("cercles check --strict", "mkdocs build --strict --site-dir site"):
        step = next(step for step in steps if step.get("run") == command)
        assert step["env"]["SITE_URL"] == f"${{{{ vars.SITE_URL || steps.{pages['id']}.outputs.base_url }}}}"
        assert steps.index(pages) < steps.index(step)


@pytest.mark.parametrize(("variable", "address"), [("SITE_URL", "https://agenda.asso.fr/"),
                                                   ("CI_PAGES_URL", "https://asso.gitlab.io/wiki/")])
def test_the_default_site_takes_its_address_from_the_pipeline(variable: str, address: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("CI_PAGES_URL", raising=False)
    monkeypatch.setenv(variable, address)
    assert load_site_config(REPO / "mkdocs.yml").settings.site_url == address
