"""A stack owning nothing that would create three connections at stack `other`'s keys, planned with
`--exclude dam-a`: the first connection refused inside the fences (dam-b) says the reason in full, the
caveat against making the network a second time with it, and dam-c refers to it counting the two inside.
dam-b and dam-c referred to dam-a's reason, fenced off and not shown, counting 3, and the caveat appeared
nowhere (cr85)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_stack_owning_nothing_at_another_stacks_keys_is_told_why_once_a_project import manifest


def test_the_first_refused_inside_the_fences_says_why_in_full(workspace: Workspace) -> None:
    (workspace.path / "other.yaml").write_text(manifest("other"))
    assert workspace.run("apply", "other.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "north.yaml").write_text(manifest("north"))

    refused = workspace.run("plan", "north.yaml", "--exclude", "dam-a")
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "dam-a" not in said.replace("see dam-b's reason", ""), said
    assert "dam-b: not found by its refId 'north:dam-b'" in said, said
    assert "(but if this stack is 'other' renamed, that line makes its network a second time)" in said, said
    assert "dam-c: refused: see dam-b's reason" in said, said
    assert "(2 connections): renamed from 'other'" in said, said
