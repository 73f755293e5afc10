"""A project the platform will not list (404: a mistyped or deleted id; 403: out of the credential's
reach) stops every run of the manifest, a fenced one too: the error names the manifest's entry of
it and what to do, not only the request that failed."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

OTHER = "aaaaaaaa-0000-4000-8000-000000000002"


def _with_second_project(workspace: Workspace) -> None:
    """QUICKSTART listing OTHER as its projects[1], holding no connection (projects: is its last key)."""
    manifest = workspace.path / QUICKSTART
    manifest.write_text(manifest.read_text() + f"  - id: {OTHER}\n    nodes: []\n")


def test_a_project_the_platform_does_not_know_is_named_at_its_entry(workspace: Workspace) -> None:
    _with_second_project(workspace)
    # --sim-db: the demo chosen, where a project not on it is a wrong id (with nothing given, the
    # error says the target is the demo: tests/cli/test_an_unknown_project_on_the_implicit_demo_...).
    result = workspace.run("plan", QUICKSTART, "--exclude", "dam-a", "--sim-db", ".iotplan/sim.db")
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"Error: {QUICKSTART}: projects[1] (project {OTHER}) cannot be read: GET /api/nodes/all" in said
    assert "answered 404" in said and "Fix the id" in said
    assert "whatever --target or --exclude select" in said


def test_a_project_out_of_the_credentials_reach_is_named_at_its_entry(workspace: Workspace) -> None:
    _with_second_project(workspace)
    narrowed = {
        "projects": [{"id": OTHER, "name": "Mine"}],
        "api_keys": [{"key": "demo-key", "projects": [PROJECT]}],
    }
    workspace.api("POST", "/_sim/seed", json=narrowed)
    result = workspace.run("drift", QUICKSTART)
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"Error: {QUICKSTART}: projects[1] (project {OTHER}) cannot be read: GET /api/nodes/all" in said
    assert "answered 403" in said and "give this credential access to the project" in said


def test_a_403_for_a_project_id_no_project_has_says_to_check_the_id_too(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform answering an unknown project with 403, as it answers one out of reach
    (`unknown-project-403`): a mistyped id is told a 403, so the advice names both causes."""
    _with_second_project(workspace)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "unknown-project-403")
    for command in (["plan", "--exclude", "dam-a"], ["apply", "--exclude", "dam-a"], ["drift"]):
        result = workspace.run(*command, QUICKSTART)
        assert result.exit_code == 1, command
        said = " ".join(result.stderr.split())
        assert f"projects[1] (project {OTHER}) cannot be read" in said and "answered 403" in said, command
        assert "Check the project id" in said, command
