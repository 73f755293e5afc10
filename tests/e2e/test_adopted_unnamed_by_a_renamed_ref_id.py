"""A device adopted by another stack's `ref_id:` with no name of its own, once that stack renamed it
with `moved`: found by its sensors alone, it was told to get its SERIAL_NO back, which would undo
that stack's rename."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_orphans_under_undeclared_connections import TEAM_B
from tests.e2e.test_review_cases import converges


def test_an_unnamed_adoption_the_owning_stack_renamed_is_told_to_follow_the_rename(
    workspace: Workspace,
) -> None:
    converges(workspace)
    node_id = str(workspace.live_entity("quickstart:dam-a")["id"])
    (workspace.path / "team-b.yaml").write_text(TEAM_B.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "          - key: logger-1\n", "          - key: logger-x\n")
    moved = (
        workspace.path / QUICKSTART
    ).read_text() + "\nmoved:\n  - {from: dam-a/logger-1, to: dam-a/logger-x}\n"
    (workspace.path / QUICKSTART).write_text(moved)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    refused = workspace.run("plan", "team-b.yaml")
    assert refused.exit_code == 1
    assert "update it to `ref_id: quickstart:dam-a/logger-x`" in refused.stderr, refused.stderr
    assert "SERIAL_NO back" not in refused.stderr and "removes it" not in refused.stderr, refused.stderr
