"""A platform counting `pageNumber` from 1 (variant `pages-from-one`), a project already holding a
connection: page 1 of the connection list repeats page 0, and the apply stops before any write,
naming the repeat, another writer first, then the counting iotplan cannot read safely (A5)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

REFUSAL = (
    "GET /api/nodes/all answered page 1 with only items it had already sent: another writer may have "
    "added entities while the list was read (run it again), or the platform counts pageNumber from 1 "
    "or ignores it, which iotplan cannot read safely (run it again; if it says the same, run "
    "`iotplan check-platform` and report its output)"
)


def nodes(workspace: Workspace) -> list[str]:
    listed = workspace.api("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return sorted(node["id"] for node in listed)


def test_an_apply_in_a_project_holding_a_connection_is_refused_before_any_write(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "pages-from-one")
    workspace.integrate(
        {"integration": {"changeState": "new", "refId": "other:1", "props": {"NAME": "other"}}}
    )
    before = nodes(workspace)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert REFUSAL in " ".join(applied.output.split())
    assert "applied" not in applied.output
    assert nodes(workspace) == before  # nothing written
