"""--sites given to several manifests goes to those that name `sites`: `drift site.yaml.j2 plain.yaml
--sites sites.csv` was refused ("plain.yaml: --sites ... is never read") though the template reads
it. Only where no manifest names `sites` is each refused, as one alone is."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

TEMPLATE, SITES = "examples/multi-site/site.yaml.j2", "examples/multi-site/sites.csv"


@pytest.mark.parametrize("command", ["validate", "drift"])
def test_sites_read_by_one_of_them_are_taken(workspace: Workspace, command: str) -> None:
    result = workspace.run(command, TEMPLATE, QUICKSTART, "--sites", SITES)
    assert "is never read" not in result.stderr, result.output
    assert result.exit_code in (0, 2), result.output  # drift: the sites are not applied


def test_sites_read_by_none_of_them_are_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = workspace.path / "other.yaml"
    other.write_text((workspace.path / QUICKSTART).read_text().replace("stack: quickstart", "stack: other"))
    sent = requests_sent(monkeypatch)
    result = workspace.run("drift", QUICKSTART, "other.yaml", "--sites", SITES)
    assert result.exit_code == 1, result.output
    assert f"{QUICKSTART}: --sites {SITES} is never read" in result.stderr
    assert sent == []
