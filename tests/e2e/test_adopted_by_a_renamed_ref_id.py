"""A device adopted by another stack's `ref_id:`, once that stack renamed it with `moved`."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_orphans_under_undeclared_connections import TEAM_B
from tests.e2e.test_review_cases import converges


def test_an_adoption_by_ref_id_the_owning_stack_renamed_is_refused_naming_the_ref_id_it_has_now(
    workspace: Workspace,
) -> None:
    converges(workspace)
    node_id = str(workspace.live_entity("quickstart:dam-a")["id"])
    adopting = TEAM_B.format(project=PROJECT, node_id=node_id).replace(
        "            ref_id: quickstart:dam-a/logger-1\n",
        "            ref_id: quickstart:dam-a/logger-1\n            name: Crest datalogger\n",
    )
    (workspace.path / "team-b.yaml").write_text(adopting)
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
