"""What the tests of a device adopted by another stack's `ref_id:` share: stack team-b adopting
quickstart's dam-a/logger-1 by its refId, applied; then quickstart renaming that device with `moved`."""

from __future__ import annotations

from click.testing import Result

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_orphans_under_undeclared_connections import TEAM_B
from tests.e2e.test_review_cases import converges

ADOPTING = "            ref_id: quickstart:dam-a/logger-1\n"


def adopted_then_renamed_by_its_stack(workspace: Workspace, name: str | None = None) -> Result:
    """The quickstart manifest applied; team-b.yaml, adopting dam-a/logger-1 by `ref_id:` (naming it
    `name` if given), applied; then quickstart's logger-1 re-keyed logger-x with
    the `moved` entry that renames it, applied; team-b.yaml's plan."""
    converges(workspace)
    node_id = str(workspace.live_entity("quickstart:dam-a")["id"])
    named = f"            name: {name}\n" if name else ""
    adopting = TEAM_B.format(project=PROJECT, node_id=node_id).replace(ADOPTING, ADOPTING + named)
    (workspace.path / "team-b.yaml").write_text(adopting)
    assert workspace.run("apply", "team-b.yaml", "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "          - key: logger-1\n", "          - key: logger-x\n")
    moved = (
        workspace.path / QUICKSTART
    ).read_text() + "\nmoved:\n  - {from: dam-a/logger-1, to: dam-a/logger-x}\n"
    (workspace.path / QUICKSTART).write_text(moved)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    return workspace.run("plan", "team-b.yaml")
