"""A stack renamed, its connection moved (dam-a to dam-x) and named otherwise, made first without
devices with `shares_keys_with: [quickstart]` (the first apply's second way out): its devices, named
alike, are refused by stack quickstart's connection at dam-a, the key `moved` renames from, named in
the refusal (cr80 #8 and coverage: `Beside.of` without the moved key planned 7 to add)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.stack_rename import CONN, MOVED, SHARE, V2, applied, edited, made_by_v2, said, without_devices


def test_a_renamed_stacks_connection_moved_and_made_first_without_devices_is_told_by_the_moved_key(
    workspace: Workspace,
) -> None:
    assert applied(workspace).exit_code == 0
    full = edited(workspace, V2, CONN, SHARE, ("key: dam-a", "key: dam-x")) + MOVED
    first = applied(workspace, without_devices(full) + MOVED)
    assert first.exit_code == 0, first.output

    refused = applied(workspace, full)
    assert refused.exit_code == 1, refused.output
    assert (
        "stack 'quickstart' has a connection at dam-a, "
        "the key this connection's `moved` entry renames it from"
    ) in said(refused)
    assert made_by_v2(workspace) == {"nodes": 1, "devices": 0, "sensors": 0}
