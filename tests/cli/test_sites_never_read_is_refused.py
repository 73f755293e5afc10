"""--sites given to a manifest that never names `sites` (a plain YAML manifest, most often) was taken
and left unused: `plan site.yaml --sites sites.csv` planned the one manifest where one per row was
meant, exit 0. It is refused, naming the file, before anything is read or sent."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

SITES = "examples/multi-site/sites.csv"
NEVER_READ = f"--sites {SITES} is never read: the template names no `sites`"


@pytest.mark.parametrize("command", [["validate"], ["render"], ["plan"], ["apply", "--auto-approve"]])
def test_sites_given_to_a_plain_manifest_are_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    sent = requests_sent(monkeypatch)
    result = workspace.run(*command, QUICKSTART, "--sites", SITES)
    assert result.exit_code == 1, result.output
    assert f"{QUICKSTART}: {NEVER_READ}" in result.stderr
    assert result.stdout == ""
    assert sent == []


def test_sites_shadowed_by_the_template_are_refused(workspace: Workspace) -> None:
    template = workspace.path / "site.yaml.j2"
    template.write_text("{% set sites = [] %}{% for site in sites %}{{ site.name }}{% endfor %}\n")
    result = workspace.run("render", str(template), "--sites", SITES)
    assert result.exit_code == 1, result.output
    assert NEVER_READ in result.stderr


def test_sites_read_by_the_template_render_it(workspace: Workspace) -> None:
    result = workspace.run("validate", "examples/multi-site/site.yaml.j2", "--sites", SITES)
    assert result.exit_code == 0, result.output
