"""One stack split by project into two manifests: drift reads both into one report (each plan reads only
its own projects, so neither calls the other's entities orphaned), and import says the stack may own more
in projects it does not read."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_import import an_empty_project

QUICKSTART = "examples/quickstart/site.yaml"


def _split_by_project(workspace: Workspace) -> str:
    """The quickstart stack's manifest for a second project, applied: its path."""
    other = an_empty_project(workspace)
    text = (
        (workspace.path / QUICKSTART).read_text().replace(PROJECT, other).replace("key: dam-a", "key: dam-b")
    )
    (workspace.path / "other.yaml").write_text(text)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.run("apply", "other.yaml", "--auto-approve").exit_code == 0
    return "other.yaml"


def test_drift_reads_both_files_of_one_stack_in_disjoint_projects(workspace: Workspace) -> None:
    other = _split_by_project(workspace)
    result = workspace.run("drift", QUICKSTART, other, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {entry["manifest"] for entry in json.loads(result.stdout)["entries"]} == {QUICKSTART, other}
    assert "both say stack 'quickstart' for different projects" in " ".join(result.stderr.split())


def test_import_of_one_project_says_the_stack_may_own_more_elsewhere(workspace: Workspace) -> None:
    _split_by_project(workspace)
    result = workspace.run("import", "--project", PROJECT, "--out", "imported.yaml")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        f"two manifests of one stack that list project {PROJECT} remove each other's entities there" in said
    )
    assert "The stack may own connections in other projects as well" in said
