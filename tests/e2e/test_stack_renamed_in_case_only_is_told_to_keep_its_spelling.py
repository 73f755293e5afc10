"""A stack renamed in case only (`quickstart` to `Quickstart`): its refIds differ from the live ones
in case alone, so the plan refuses (A1++), and once said the live connection "belongs to stack
'quickstart': leave it to that stack, or give dam-a a refId that differs by more than case", both of
which make the network a second time. It is this stack, renamed: keep the old spelling."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_stack_renamed_in_case_only_is_told_first_to_keep_its_spelling(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: Quickstart ")

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    keep = "This stack looks renamed from 'quickstart' in case only: keep `stack: quickstart`, spelt so"
    assert keep in said
    assert "It belongs to stack" not in said
    assert said.index(keep) < said.index("leave it to that stack") < said.index("differs by more than case")
