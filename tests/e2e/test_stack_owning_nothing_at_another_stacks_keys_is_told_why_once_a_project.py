"""A stack owning nothing that would create three connections at stack `other`'s keys (cr83 #3): the
reason is said in full once for that project and stack, and each other connection, refused all the
same, refers to it with the ways out in short (a 1,000-site split gave 1,000 copies of it)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

KEYS = ("dam-a", "dam-b", "dam-c")


def manifest(stack: str) -> str:
    nodes = "".join(f"      - {{key: {key}, name: {stack} {key} feed}}\n" for key in KEYS)
    return f"apiVersion: iotplan/v1\nstack: {stack}\nprojects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"


def test_stack_owning_nothing_at_another_stacks_keys_is_told_why_once_a_project(workspace: Workspace) -> None:
    (workspace.path / "other.yaml").write_text(manifest("other"))
    assert workspace.run("apply", "other.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "north.yaml").write_text(manifest("north"))

    refused = workspace.run("plan", "north.yaml")
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert said.count("a stack cannot be renamed") == 1, said
    for key in KEYS[1:]:
        assert f"{key}: refused: see dam-a's reason: stack 'north' owns nothing" in said
    assert said.count("(3 connections): renamed from 'other', keep `stack: other`") == 2, said
