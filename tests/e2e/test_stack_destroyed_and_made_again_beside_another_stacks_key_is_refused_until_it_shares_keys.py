"""A stack destroyed and made again with the same manifest (cr83 #1): once it owns nothing, its
connection at a key stack `other` uses is refused as for a renamed stack, the refusal saying so
truly (not "yet", not "keep `stack: other`" alone), and `shares_keys_with: [other]` plans it."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def manifest(stack: str, *keys: str, shares: str = "") -> str:
    nodes = "".join(f"      - {{key: {key}, name: {stack} {key} feed}}\n" for key in keys)
    return (
        f"apiVersion: iotplan/v1\nstack: {stack}\n{shares}projects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"
    )


def apply(workspace: Workspace, text: str, *args: str) -> object:
    (workspace.path / "site.yaml").write_text(text)
    return workspace.run("apply", "site.yaml", "--auto-approve", *args)


def test_stack_destroyed_and_made_again_beside_another_stacks_key_is_refused_until_it_shares_keys(
    workspace: Workspace,
) -> None:
    for text in (manifest("other", "dam-a"), manifest("north", "n-1"), manifest("north", "n-1", "dam-a")):
        made = apply(workspace, text)
        assert made.exit_code == 0, made.output  # north owns n-1: dam-a beside other's is its own
    destroyed = apply(workspace, manifest("north", "n-1", "dam-a"), "--destroy")
    assert destroyed.exit_code == 0, destroyed.output

    again = apply(workspace, manifest("north", "n-1", "dam-a"))
    said = " ".join(again.stderr.split())
    assert again.exit_code == 1, again.output
    assert "stack 'north' owns nothing in the projects read and would create at keys stack 'other'" in said
    assert "(or this stack was destroyed and is being made again), say so in this manifest" in said
    (workspace.path / "site.yaml").write_text(
        manifest("north", "n-1", "dam-a", shares="shares_keys_with: [other]\n")
    )
    shared = workspace.run("plan", "site.yaml")
    assert shared.exit_code == 0, shared.output
    assert "Plan: 2 to add, 0 to change, 0 to destroy." in shared.stdout
