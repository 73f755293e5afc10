"""What the tests of a rename the apply refuses share (its new refId, or its old one, carried by
another live entity): one quickstart entity re-keyed with the `moved` entry that renames it, and
applied; the apply refused and the entity left where it was."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def refused_rename(workspace: Workspace, old: str, new: str) -> tuple[str, str]:
    """The quickstart entity at `old` (an address in the stack, `dam-a/logger-1/pz-1`) re-keyed as
    `new` (`dam-a/logger-1/pz-9`) with the `moved` entry `{from: old, to: new}`, and applied; asserts
    the apply refused and the entity not renamed; its id, and what the apply said on one line."""
    before = workspace.live_entity(f"quickstart:{old}")["id"]
    renamed_with_moved(workspace, old, new)

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert workspace.live_entity(f"quickstart:{old}")["id"] == before  # not renamed
    return before, " ".join(applied.output.split())


def renamed_with_moved(workspace: Workspace, old: str, new: str) -> None:
    """The quickstart manifest's entity at `old` re-keyed as `new`, with the `moved` entry
    `{from: old, to: new}`."""
    workspace.edit(QUICKSTART, f"- key: {_key(old)}\n", f"- key: {_key(new)}\n")
    workspace.edit(QUICKSTART, "defaults:\n", f"moved:\n  - {{from: {old}, to: {new}}}\ndefaults:\n")


def _key(address: str) -> str:
    return address.rsplit("/", 1)[-1]
